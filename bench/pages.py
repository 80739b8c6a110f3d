"""Page benchmark: blog pages through the ASGI server on PostgreSQL, against a minimal view.

    . .services/env && .venv/bin/python bench/pages.py               # about 40 s
    .venv/bin/python bench/pages.py --seconds 3 --concurrency 4       # quicker

Uses a database of its own (``<name>_bench`` next to the one in ``DATABASE_URL``, created and
migrated on first use) and seeds it idempotently: 25 published posts with tags, councils and
comments, and one post with 50 comments. Then starts uvicorn (``hub.asgi``, DEBUG off, bench
settings that add ``/bench/minimal/``) in a subprocess and, in the same run, measures requests
per second and p95 latency for:

- the minimal Django view (same server, same middleware): the baseline;
- ``/blog/`` (20 posts on the page);
- a post page with 50 comments;
- the hub Atom feed (20 entries).

Prints the figures and each page's ratio to the baseline. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/pages.py needs PostgreSQL: run `. .services/env` first (make services).")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    return urlunsplit(parts._replace(path="/" + name))


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"Creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    import django

    django.setup()
    from django.core.management import call_command

    print("Migrating the bench database")
    call_command("migrate", verbosity=0, interactive=False)


def _seed() -> str:
    """Idempotent bench data; returns the path of the post with 50 comments."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Profile, User
    from hub.blog.models import Comment, Post
    from hub.blog.services import comment_create, post_create
    from hub.councils.models import Council

    council, _ = Council.objects.get_or_create(
        code="BNC",
        defaults={"name": "Benchshire", "official_name": "Benchshire Council",
                  "slug": "benchshire", "council_type": "NMD", "nation": "England"},
    )  # fmt: skip
    people = []
    for n in range(6):
        user, _ = User.objects.get_or_create(email=f"bench{n}@example.org")
        Profile.objects.update_or_create(
            user=user,
            defaults={"handle": f"bench-{n}", "display_name": f"Bench Person {n}",
                      "council": council},
        )  # fmt: skip
        people.append(User.objects.select_related("profile").get(pk=user.pk))
    author = people[0]
    body = (
        "## Heading\n\nSome **bold** text, a [link](https://example.org) and a list:\n\n"
        + ("- item\n" * 10)
        + "\n"
        + ("A paragraph of ordinary prose about bin collections. " * 20)
    )
    with transaction.atomic():
        existing = Post.objects.filter(author__in=people).count()
        for n in range(existing, 25):
            post = post_create(
                author=people[n % len(people)], title=f"Bench post {n}", body=body,
                summary="A post for the benchmark.", status="published",
                published_at=timezone.now() - timezone.timedelta(hours=n + 1),
                tags=["bins", f"tag-{n % 5}"],
            )  # fmt: skip
            for c in range(3):
                comment_create(post=post, author=people[(n + c + 1) % len(people)],
                               body="Thanks, useful.", rate_limited=False)  # fmt: skip
        target = Post.objects.filter(author=author, slug="bench-fifty-comments").first()
        if target is None:
            target = post_create(
                author=author, title="Bench fifty comments", body=body, status="published",
                published_at=timezone.now() - timezone.timedelta(days=30), tags=["bins"],
            )  # fmt: skip
        missing = 50 - Comment.objects.filter(post=target).count()
        parents: list = []
        for c in range(max(0, missing)):
            parent = parents[-1] if parents and c % 3 else None
            comment = comment_create(
                post=target, author=people[c % len(people)], parent=parent,
                body=f"Comment {c} with *some* Markdown and a [link](https://example.org).",
                rate_limited=False,
            )  # fmt: skip
            parents.append(comment)
    return target.get_absolute_url()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="bench.bench_settings")
    command = [sys.executable, "-m", "uvicorn", "hub.asgi:application", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_until_up(base: str, deadline_s: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/bench/minimal/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("uvicorn did not answer within 30 s")


async def _load(base: str, path: str, seconds: float, concurrency: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(10):  # warm up: templates, connections, caches
            await client.get(path)
        stop = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6, help="Load per page (default 6).")
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent clients (8).")
    args = parser.parse_args()

    database_url = _bench_database_url()
    _ensure_database(database_url)
    _setup_django(database_url)
    post_path = _seed()
    from django.db import connections

    connections.close_all()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_server(port)
    try:
        _wait_until_up(base)
        pages = [
            ("minimal Django view", "/bench/minimal/"),
            ("blog list (20 posts)", "/blog/"),
            ("post with 50 comments", post_path),
            ("Atom feed (20 entries)", "/blog/feed/"),
        ]
        results = []
        for label, path in pages:
            print(f"Loading {label}: {path} for {args.seconds:g} s x {args.concurrency} clients")
            results.append((label, asyncio.run(_load(base, path, args.seconds, args.concurrency))))
    finally:
        server.terminate()
        server.wait(timeout=10)

    baseline = results[0][1]
    print()
    print(f"uvicorn, 1 worker, PostgreSQL, DEBUG off, {args.concurrency} concurrent clients")
    print(f"{'page':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
          f"{'rps vs min':>12}{'p95 vs min':>12}")  # fmt: skip
    for label, r in results:
        print(
            f"{label:<26}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['errors']:>8}"
            f"{r['rps'] / baseline['rps']:>12.2f}{r['p95_ms'] / baseline['p95_ms']:>12.2f}"
        )
    if any(r["errors"] for _, r in results):
        sys.exit("Some requests failed: see the errors column.")


if __name__ == "__main__":
    main()
