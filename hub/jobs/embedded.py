"""The in-process worker for the embedded default: ``make run`` runs jobs with no extra command.

``runserver`` (daphne's, with the autoreloader) imports the project twice: a watcher process
that only restarts the server, and the child that serves (``RUN_MAIN=true``). Only the child
(or a ``--noreload`` server) starts the worker, and ``start`` is idempotent, so one server
process runs exactly one consumer: a scheduler thread (periodic work, delayed retries) and a
few worker threads. Production sets ``JOBS_EMBEDDED_WORKER=False`` and runs ``run_huey``.
"""

import logging
import os
import threading

from django.conf import settings
from huey.consumer import Consumer

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_consumer: "Consumer | None" = None


class ThreadConsumer(Consumer):
    """Huey's consumer without the signal handlers: the server process owns SIGINT/SIGTERM."""

    def _set_signal_handlers(self) -> None:
        pass


def runserver_should_start(argv: list[str]) -> bool:
    if not getattr(settings, "JOBS_EMBEDDED_WORKER", False):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def start() -> Consumer | None:
    """Start the worker threads once per process; returns the consumer (None if not started)."""
    global _consumer
    from huey.contrib.djhuey import HUEY

    with _lock:
        if _consumer is not None:
            return _consumer
        if HUEY.immediate:
            return None  # jobs already run inline
        _consumer = ThreadConsumer(
            HUEY,
            workers=getattr(settings, "JOBS_EMBEDDED_WORKERS", 2),
            worker_type="thread",
            periodic=True,
            check_worker_health=False,
        )
        _consumer.start()
        logger.info("Background jobs: in-process worker started (%s)", type(HUEY).__name__)
        return _consumer


def start_when_apps_ready() -> None:
    """Start from ``AppConfig.ready()``: wait (on a thread) until every app is loaded, so no job
    touches the database while Django is still initialising."""
    import time

    from django.apps import apps

    def wait_then_start() -> None:
        deadline = time.monotonic() + 60
        while not apps.ready and time.monotonic() < deadline:
            time.sleep(0.05)
        start()

    threading.Thread(target=wait_then_start, name="jobs-embedded-start", daemon=True).start()


def stop() -> None:
    global _consumer
    with _lock:
        if _consumer is not None:
            _consumer.stop(graceful=True)
            _consumer = None


_hooked = False


def close_connections_on_worker_exit() -> None:
    """Worker threads close their own database connections when they stop (connections are
    per thread; one left open blocks dropping a test database and wastes a server slot)."""
    global _hooked
    if _hooked:
        return
    from django.db import connections
    from huey.contrib.djhuey import HUEY

    HUEY.on_shutdown()(connections.close_all)
    _hooked = True
