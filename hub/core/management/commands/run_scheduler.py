"""python manage.py run_scheduler: the periodic jobs of a production deployment, in one process."""

import logging
import signal
import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)

# (command, interval in seconds). Each command is idempotent, so a restart that runs one
# early, or two schedulers running at once, does no harm.
SCHEDULE = [
    ("publish_due_posts", 60),
    ("close_consultations", 300),
    ("sync_feeds", 900),
    ("send_digests", 3600),
]


class Command(BaseCommand):
    help = (
        "Run the hub's periodic jobs forever: publish scheduled posts (every minute), close "
        "consultations that reached their closing date (5 minutes), import syndicated blog "
        "feeds (15 minutes) and send weekly digests (checked hourly, sent once a week). "
        "Use --once to run every job a single time and exit (for cron or a test)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run each job once, then exit.")

    def handle(self, *args, once: bool, **options) -> None:
        available = get_commands()
        jobs = [(name, every) for name, every in SCHEDULE if name in available]
        for name, _ in SCHEDULE:
            if name not in available:
                self.stderr.write(f"Skipping {name}: no such command in this installation.")
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = dict.fromkeys((name for name, _ in jobs), 0.0)
        while not stopping:
            now = time.monotonic()
            for name, every in jobs:
                if now >= next_run[name]:
                    self._run(name)
                    next_run[name] = now + every
            if once:
                return
            # Wake at most every 5 s so SIGTERM is honoured promptly.
            time.sleep(min(5.0, max(0.5, min(next_run.values()) - time.monotonic())))

    def _run(self, name: str) -> None:
        started = time.monotonic()
        try:
            call_command(name, verbosity=0)
        except Exception:  # one failing job must not stop the others
            logger.exception("periodic job %s failed", name)
            return
        self.stdout.write(f"{name} finished in {time.monotonic() - started:.1f}s")
