"""Event fan-out benchmark: one event to 1,000 recipients, against a bare ``bulk_create``.

    . .services/env && .venv/bin/python bench/events.py            # about 30 s
    .venv/bin/python bench/events.py --recipients 1000 --rounds 5

Uses a PostgreSQL database of its own (``<name>_bench_events`` next to ``DATABASE_URL``) and,
when ``REDIS_URL`` is set, the job queue in Redis under a bench-only name. In one run it
measures:

1. Fan-out: a project update watched by N members (every one emailed weekly by default, and
   one webhook on the project's council). Time from commit to every in-app notification
   written (each carrying its queued email) and the webhook job queued (the delivery job, run here in-process),
   against a bare ``Notification.objects.bulk_create`` of the same N rows in one transaction.
   Target: ratio (baseline / pipeline) >= 0.5.
2. The write request itself: ``project_update_post`` (the service a request calls, including
   its commit and the enqueue of the delivery job) with N watchers and with none. The request
   must not wait for fan-out. Target: with / without <= 1.2.

Prints medians and the ratios. Not a test: numbers vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/events.py needs PostgreSQL: run `. .services/env` first (make services).")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + parts.path.lstrip("/") + "_bench_events"))


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            print(f"Creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    os.environ.setdefault("JOBS_QUEUE_NAME", "hub-bench-events")
    import django

    django.setup()
    from django.core.management import call_command

    print("Migrating the bench database")
    call_command("migrate", verbosity=0, interactive=False)


def _seed(recipients: int):
    """A council, a project with a lead, N watchers and one webhook (idempotent)."""
    from accounts.models import User
    from hub.councils.models import Council
    from hub.follows.models import Follow
    from hub.sharing.models import Project
    from hub.webhooks.models import Webhook

    council, _ = Council.objects.get_or_create(
        code="BEV",
        defaults={"name": "Benchshire", "official_name": "Benchshire Council", "slug": "benchshire",
                  "council_type": "NMD", "nation": "England"},
    )  # fmt: skip
    lead, _ = User.objects.get_or_create(email="bench-lead@example.org")
    quiet, _ = Project.objects.get_or_create(
        slug="bench-quiet", defaults={"title": "Quiet project", "owner_council": council,
                                      "lead": lead, "summary": "x"},
    )  # fmt: skip
    busy, _ = Project.objects.get_or_create(
        slug="bench-busy", defaults={"title": "Busy project", "owner_council": council,
                                     "lead": lead, "summary": "x"},
    )  # fmt: skip
    have = User.objects.filter(email__startswith="bench-watcher-").count()
    User.objects.bulk_create(
        [User(email=f"bench-watcher-{n}@example.org") for n in range(have, recipients)]
    )
    watchers = list(
        User.objects.filter(email__startswith="bench-watcher-").order_by("pk")[:recipients]
    )
    Follow.objects.filter(target_type="project", target_id=str(busy.pk)).delete()
    Follow.objects.bulk_create(
        [Follow(user=u, target_type="project", target_id=str(busy.pk)) for u in watchers]
    )
    Webhook.objects.get_or_create(
        owner=lead, scope_type="council", scope_id=council.pk,
        defaults={"url": "https://receiver.invalid/hook", "scope_name": council.name},
    )  # fmt: skip
    return lead, quiet, busy, watchers


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    url = _database_url()
    _ensure_database(url)
    _setup(url)

    from django.db import transaction
    from huey.contrib.djhuey import HUEY

    from hub.notifications.delivery import event_deliver
    from hub.notifications.models import Event, Notification
    from hub.sharing.services import project_update_post
    from hub.webhooks.models import Delivery

    HUEY.immediate = False  # queue jobs as production does; nothing consumes them here
    lead, quiet, busy, watchers = _seed(args.recipients)
    print(f"{args.recipients} watchers; {args.rounds} rounds; load: {os.getloadavg()}")

    def clean() -> None:
        Delivery.objects.all().delete()
        Notification.objects.all().delete()
        Event.objects.all().delete()
        HUEY.flush()

    baseline, pipeline = [], []
    write_busy, write_quiet = [], []
    for _ in range(args.rounds):
        clean()
        started = time.perf_counter()
        with transaction.atomic():
            Notification.objects.bulk_create(
                [Notification(recipient=u, kind="bench", text="New update", url="/x")
                 for u in watchers]
            )  # fmt: skip
        baseline.append(time.perf_counter() - started)

        clean()
        for project, samples in ((quiet, write_quiet), (busy, write_busy)):
            started = time.perf_counter()
            project_update_post(project=project, user=lead, body="Progress this week")
            samples.append(time.perf_counter() - started)
        quiet_event, event = Event.objects.filter(kind="sharing.project_update_posted").order_by(
            "pk"
        )
        event_deliver(quiet_event.pk)  # no one to tell
        started = time.perf_counter()
        delivered = event_deliver(event.pk)
        pipeline.append(time.perf_counter() - started)
        assert delivered == args.recipients, delivered
        assert Notification.objects.filter(event=event).count() == args.recipients
        assert (
            Notification.objects.filter(event=event, email_frequency="weekly").count()
            == args.recipients
        )
        assert Delivery.objects.filter(event=event).count() == 1
    clean()

    base_ms, pipe_ms = _median_ms(baseline), _median_ms(pipeline)
    quiet_ms, busy_ms = _median_ms(write_quiet), _median_ms(write_busy)
    print(f"bare bulk_create of {args.recipients} notifications: median {base_ms:.1f} ms")
    print(
        f"pipeline fan-out ({args.recipients} in-app rows, each with its weekly email queued, + "
        f"1 webhook job): median {pipe_ms:.1f} ms"
    )
    print(f"fan-out ratio (baseline / pipeline): {base_ms / pipe_ms:.2f}x (target >= 0.5x)")
    print(f"write request with 0 watchers: median {quiet_ms:.1f} ms")
    print(f"write request with {args.recipients} watchers: median {busy_ms:.1f} ms")
    print(f"write latency ratio (with / without): {busy_ms / quiet_ms:.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
