"""A webhook receiver on loopback that verifies signatures as a member's service would."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hub.webhooks.signing import verify


class Receiver:
    def __init__(self, secret_for, status: int = 200) -> None:
        self.secret_for = secret_for  # delivery headers -> the secret to check against
        self.status = status
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers)
                receiver.received.append(
                    {
                        "headers": headers,
                        "body": json.loads(body),
                        "verified": verify(
                            receiver.secret_for(headers),
                            self.headers.get("X-Hub-Timestamp"),
                            body,
                            self.headers.get("X-Hub-Signature"),
                            now=time.time(),
                        ),
                    }
                )
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
