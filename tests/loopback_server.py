"""A real HTTP server on 127.0.0.1 in a thread, for code that fetches URLs (safe fetcher,
validators, endpoint checks). Routes are canned bodies, or slow, huge or redirecting answers.

Tests start and stop it (fixture ``loopback_server`` in ``tests/conftest.py``); the code under test
reaches it only because the test turns on ``SAFE_FETCH_ALLOW_LOOPBACK``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/json"})
    # Streaming answers: ``chunks`` pieces of ``body`` each ``delay`` seconds apart, sent
    # without a Content-Length (so only the reader's own limits stop it).
    chunks: int = 0
    delay: float = 0.0


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "host": self.headers.get("Host", ""),
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                route = server.routes.get(self.path.split("?")[0], Route(404, b"not found"))
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunks:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for _ in range(route.chunks):
                            self.wfile.write(route.body)
                            self.wfile.flush()
                            if route.delay:
                                time.sleep(route.delay)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up, as it should
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes | str = b"", *, status: int = 200, **headers) -> str:
        """A canned answer; keyword arguments become headers (``Content_Type`` → Content-Type)."""
        if isinstance(body, str):
            body = body.encode()
        route = Route(status=status, body=body)
        route.headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        self.routes[path] = route
        return self.url(path)

    def serve_stream(self, path: str, chunk: bytes, *, chunks: int, delay: float = 0.0) -> str:
        """``chunks`` copies of ``chunk``, ``delay`` seconds apart, with no Content-Length."""
        self.routes[path] = Route(body=chunk, chunks=chunks, delay=delay)
        return self.url(path)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        return self.serve(path, b"", status=status, Location=location)

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"].split("?")[0] == path)
