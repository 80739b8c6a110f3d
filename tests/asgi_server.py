"""The production ASGI server for tests: uvicorn with ``hub.serve.OPTIONS``, in a forked process.

Like ``daphne.testing.DaphneProcess`` (the same ``port``, ``ready`` and ``errors``), so a test
can run the application exactly as production serves it (decision 0111). Forked, so the server
shares the test process's settings and test database.
"""

import multiprocessing
import socket
import traceback


class UvicornProcess(multiprocessing.Process):
    def __init__(
        self,
        host: str,
        get_application,
        setup=None,
        options: dict | None = None,
        send_buffer: int | None = None,
    ):
        """``options`` override ``hub.serve.OPTIONS``; ``send_buffer``: SO_SNDBUF for every
        accepted socket (Linux otherwise grows it to megabytes, which hides a slow reader)."""
        super().__init__()
        self.options = options or {}
        self.send_buffer = send_buffer
        self.host = host
        self.get_application = get_application
        self.setup = setup
        self.port = multiprocessing.Value("i", 0)
        self.ready = multiprocessing.Event()
        self.errors = multiprocessing.Queue()

    def run(self) -> None:
        try:
            import uvicorn

            from hub.serve import OPTIONS, settle_garbage_collector

            application = self.get_application()
            if self.setup is not None:
                self.setup()
            settle_garbage_collector()  # as hub.serve does before serving
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if self.send_buffer:  # accepted sockets inherit it
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer)
            listener.bind((self.host, 0))
            listener.listen(OPTIONS["backlog"])  # connections wait in the backlog until served
            config = uvicorn.Config(
                application,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=2,  # terminate() must not wait for open sockets
                **{**OPTIONS, **self.options},
            )
            self.port.value = listener.getsockname()[1]
            self.ready.set()
            uvicorn.Server(config).run(sockets=[listener])
        except BaseException as error:
            self.errors.put((error, traceback.format_exc()))
