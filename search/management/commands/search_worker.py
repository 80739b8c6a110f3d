"""python manage.py search_worker [--once]"""

import contextlib
import signal
import time

from django.core.management.base import CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from search.backends import get_backend
from search.backends.base import BackendUnavailable
from search.indexing import drain
from search.models import OutboxEntry


class Command(HubCommand):
    help = _(
        "Drain the search outbox into the search backend in bulk, with retries and back-off. "
        "Runs until stopped (SIGTERM/Ctrl-C finish the current batch); --once drains what is "
        "due and exits. Rows are deleted only after the backend confirms the write, so while "
        "Elasticsearch is down the outbox grows and the worker catches up when it returns. "
        "Run one or more in production (compose.yaml service `search-worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help=_("Drain what is due, then exit."))
        parser.add_argument(
            "--batch-size", type=int, default=500, help=_("Objects per bulk request (default 500).")
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=_("Seconds to wait when the outbox is empty (default 1)."),
        )
        parser.add_argument(
            "--max-wait",
            type=float,
            default=30.0,
            help=_("Longest pause after repeated failures, in seconds (default 30)."),
        )
        parser.add_argument(
            "--include-waiting",
            action="store_true",
            help=_(
                "Also retry rows still inside their back-off window (e.g. right after an outage)."
            ),
        )

    def handle(
        self,
        *args,
        once: bool,
        batch_size: int,
        interval: float,
        max_wait: float,
        include_waiting: bool,
        **options,
    ) -> None:
        # Fail loudly at start-up on a cluster without the analysis module; if it cannot be
        # reached yet, the loop below backs off until it can.
        with contextlib.suppress(BackendUnavailable):
            get_backend().verify_analysis()
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        # Continuous runs finish the current batch on SIGTERM/Ctrl-C. The previous handlers
        # are put back afterwards: call_command() runs this inside other processes (tests,
        # which fork servers that must still die on SIGTERM), and --once needs no handler.
        previous = {}
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, stop)
        try:
            self._run(once, batch_size, interval, max_wait, include_waiting, lambda: stopping)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _run(self, once, batch_size, interval, max_wait, include_waiting, stopping) -> None:
        failures = 0
        while not stopping():
            stats = drain(batch_size=batch_size, include_waiting=include_waiting)
            if stats.indexed_objects:
                self.stdout.write(
                    gettext(
                        "Indexed %(objects)s objects (%(documents)s documents) in %(batches)s "
                        "batches; %(left)s left in the outbox"
                    )
                    % {
                        "objects": stats.indexed_objects,
                        "documents": stats.documents,
                        "batches": stats.batches,
                        "left": OutboxEntry.objects.count(),
                    }
                )
            if stats.failed:
                failures += 1
                self.stderr.write(
                    gettext("Backend write failed (will retry): %(error)s")
                    % {"error": stats.errors[0][:300]}
                )
            else:
                failures = 0
            if once:
                if stats.failed:
                    raise SystemExit(1)
                break
            # Back off harder while the backend keeps failing; poll gently when idle.
            pause = min(max_wait, interval * (2**failures)) if failures else interval
            deadline = time.monotonic() + pause
            while not stopping() and time.monotonic() < deadline:
                time.sleep(0.2)
