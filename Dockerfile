# LocalGov Hub production image: the ASGI server, the search worker and the scheduler all run it.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build_assets.mjs scripts/
# The hub's Sass entry point (GOV.UK Frontend with the hub's font and colour).
COPY static/scss static/scss
RUN node scripts/build_assets.mjs

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=hub.settings.production
WORKDIR /app
RUN useradd --system --create-home hub
COPY pyproject.toml README.md ./
COPY hub hub
COPY accounts accounts
COPY search search
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/build build
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R hub /app/var
USER hub
EXPOSE 8000
# uvicorn with the options in hub/serve.py (decision 0111: less memory per idle socket than
# daphne, and a send that waits for a slow reader; bench/chat_fanout.py, docs/realtime.md).
CMD ["python", "-m", "hub.serve", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
