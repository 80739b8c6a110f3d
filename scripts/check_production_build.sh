#!/usr/bin/env bash
# The production image's build steps, run outside Docker (part of `make test`):
#   1. install the project into a clean virtualenv, as the Dockerfile's `pip install .` does;
#   2. build the front-end assets with scripts/build_assets.mjs (whatever it produces);
#   3. `collectstatic` and `check --deploy` with hub.settings.production;
#   4. start the server as the image's CMD does (python -m hub.serve: uvicorn, decision 0111)
#      and fetch a page and a static file through it.
# It works on a copy of the tree in a temporary folder and uses SQLite there, so it touches no
# shared service. Wheels are cached in var/wheelhouse, so later runs install without the network.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
WHEELS=${WHEELHOUSE:-$ROOT/var/wheelhouse}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hub-production-build.XXXXXX")
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "check_production_build: $*" >&2; [ -f "$WORK/server.log" ] && tail -n 40 "$WORK/server.log" >&2; exit 1; }
step() { echo "check_production_build: $*"; }

step "copying the source tree (tracked and new files, as the image's COPY would) to $WORK/app"
mkdir -p "$WORK/app"
(cd "$ROOT" && git ls-files --cached --others --exclude-standard -z |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$WORK/app"

step "installing into a clean virtualenv (wheels cached in $WHEELS)"
mkdir -p "$WHEELS"
"$PYTHON" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip --quiet --disable-pip-version-check)
# A --find-links option replaces PIP_FIND_LINKS from the environment; keep both.
LINKS=(--find-links "$WHEELS")
for link in ${PIP_FIND_LINKS:-}; do LINKS+=(--find-links "$link"); done
"${PIP[@]}" wheel --no-deps --wheel-dir "$WORK/dist" "$WORK/app" >/dev/null
if ! "${PIP[@]}" install --no-index "${LINKS[@]}" "$WORK"/dist/*.whl 2>/dev/null; then
    step "wheel cache incomplete; installing from the package index (and caching the wheels)"
    "${PIP[@]}" install "${LINKS[@]}" "$WORK"/dist/*.whl
    "${PIP[@]}" wheel --wheel-dir "$WHEELS" "${LINKS[@]}" "$WORK"/dist/*.whl ||
        step "could not cache every wheel (the next run installs from the index again)"
fi

step "building assets with scripts/build_assets.mjs"
[ -d "$ROOT/node_modules" ] || fail "node_modules is missing: run \`make install\` (npm ci) first"
ln -s "$ROOT/node_modules" "$WORK/app/node_modules"
(cd "$WORK/app" && node scripts/build_assets.mjs >/dev/null)

# Production settings with nothing borrowed from the caller's environment (no shared services).
PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run() {
    (cd "$WORK/app" && env -i PATH="$WORK/venv/bin:$PATH" HOME="$WORK" \
        DJANGO_SETTINGS_MODULE=hub.settings.production \
        SECRET_KEY="production-build-check-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" \
        DATABASE_URL="sqlite:///$WORK/db.sqlite3" MEDIA_ROOT="$WORK/media" \
        EMAIL_URL="consolemail://" SITE_URL="https://127.0.0.1:$PORT" \
        "$@")
}

step "collectstatic with production settings"
run python manage.py collectstatic --noinput >/dev/null || fail "collectstatic failed (see above)"
step "check --deploy"
run python manage.py check --deploy --fail-level WARNING || fail "check --deploy reported problems"
run python manage.py migrate --noinput >/dev/null || fail "migrate failed"

step "starting python -m hub.serve (uvicorn) on 127.0.0.1:$PORT"
run python -m hub.serve --host 127.0.0.1 --port "$PORT" --proxy-headers \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

"$WORK/venv/bin/python" - "$PORT" "$WORK/app/var/staticfiles/staticfiles.json" <<'PY' || fail "the production server did not serve a page and a static file"
import json
import sys
import time
import urllib.error
import urllib.request

port, manifest = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
# The image sits behind a TLS proxy; --proxy-headers makes this request count as HTTPS.
headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def get(path):
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.headers, response.read()


deadline = time.monotonic() + 30
while True:
    try:
        status, _, _ = get("/healthz")
        break
    except (urllib.error.URLError, ConnectionError):
        if time.monotonic() > deadline:
            sys.exit("the server did not answer /healthz within 30 s")
        time.sleep(0.2)

status, _, body = get("/")
assert status == 200, f"GET / answered {status}"
paths = json.load(open(manifest))["paths"]
hashed = paths["css/hub.css"]
assert f"/static/{hashed}".encode() in body, "the home page does not link the hashed stylesheet"
for name, target in paths.items():
    if name.endswith(".css") or name.endswith(".js"):
        status, response_headers, content = get(f"/static/{target}")
        assert status == 200 and content, f"/static/{target} answered {status}"
        assert "max-age" in response_headers.get("Cache-Control", ""), f"{target} is not cacheable"
print(f"check_production_build: GET / 200, {sum(1 for n in paths if n.endswith(('.css', '.js')))} CSS/JS files served")
PY
step "OK"
