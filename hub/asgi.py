"""ASGI entry point: HTTP and WebSocket from one process (uvicorn via ``hub.serve``, or daphne).

WebSocket connections pass the Origin check (``hub.core.origins``: the full origin, scheme,
host and port, against the site's own) and are authenticated by the session cookie before any
consumer sees them.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.local")

# Django must be set up before importing anything that touches models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from hub.core import http_limits  # noqa: E402
from hub.core.origins import OriginValidator  # noqa: E402
from hub.core.pagecache_asgi import PublicPageCacheASGI  # noqa: E402
from hub.routing import websocket_urlpatterns  # noqa: E402

# 414/431 for over-long request lines and headers instead of a dropped connection: under daphne
# this patches its parser; under uvicorn (hub.serve) the protocol class does it.
http_limits.install()

application = ProtocolTypeRouter(
    {
        # Stored public pages are answered before Django's handler (hub/core/pagecache_asgi.py).
        "http": PublicPageCacheASGI(django_asgi_app),
        "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
