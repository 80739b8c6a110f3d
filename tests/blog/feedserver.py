"""A real HTTP server on 127.0.0.1 in a thread, serving canned feeds to the importer."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/atom+xml"})


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path, Route(status=404, body=b"not found"))
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> "FeedServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve(self, path: str, body: bytes | str, *, status: int = 200, **headers) -> str:
        if isinstance(body, str):
            body = body.encode()
        route = Route(status=status, body=body)
        route.headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        self.routes[path] = route
        return self.url(path)


def atom(entries: list[dict], *, title: str = "My council blog") -> str:
    """A small Atom document; each entry dict has id, title, link, content, updated."""
    items = "".join(
        f"""<entry><id>{e["id"]}</id><title type="html">{e["title"]}</title>
<link rel="alternate" href="{e.get("link", "")}"/>
<updated>{e.get("updated", "2025-01-10T09:00:00Z")}</updated>
<content type="html">{e.get("content", "")}</content>
{"".join(f'<category term="{t}"/>' for t in e.get("tags", []))}</entry>"""
        for e in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:test:feed</id>
<updated>2025-01-10T09:00:00Z</updated>{items}</feed>"""
