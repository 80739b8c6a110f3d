"""WSGI entry point, kept for tools that expect one; the hub itself is served over ASGI."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.local")

application = get_wsgi_application()
