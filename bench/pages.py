"""Page benchmark: the pages people read, through the ASGI server, against a minimal view.

    . .services/env && .venv/bin/python bench/pages.py               # about 4 minutes
    .venv/bin/python bench/pages.py --seconds 3 --only blog           # quicker

Uses a database of its own (``<name>_bench``, plus ``_<TEST_DB_SUFFIX>`` when set, next to the
one in ``DATABASE_URL``; created and migrated on first use) seeded idempotently by
``bench/pages_seed.py``: the demo community, 25 posts, a post with 50 comments, a standard
version with 40 sections and 30 threads, a channel with 100 messages. Then starts uvicorn
(``hub.asgi``, DEBUG off, bench settings that add ``/bench/minimal/``) and, in the same run,
measures requests per second and latency for each page signed out and signed in (the demo
member): the blog list, the post, the Atom feed, the standard version, the channel, a
service's prior-work page, a council page and search results.

Each page alternates with the minimal Django view (same server, same middleware) in short
slices, because load on a shared machine drifts within seconds; the ratio is page req/s over
minimal-view req/s from the same slices. Targets (issue 15): >= 0.8x signed out, >= 0.3x
signed in. Prints every figure; not a test: numbers vary by machine and load.
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
    # A database per worktree when TEST_DB_SUFFIX is set, so parallel benches never share one.
    suffix = os.environ.get("TEST_DB_SUFFIX", "")
    name = parts.path.lstrip("/") + "_bench" + (f"_{suffix}" if suffix else "")
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


async def _slice(client, path: str, seconds: float, concurrency: int) -> tuple[list, int, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            started = time.perf_counter()
            response = await client.get(path)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:  # signed out, a channel redirects to sign-in
                errors += 1

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.monotonic() - started


async def _compare(base: str, path: str, args, cookies=None) -> tuple[dict, dict]:
    """Load ``path`` and the minimal view in alternating slices; returns (page, minimal).

    The machine is shared and its load drifts within seconds, so the page and the baseline
    take turns (``--rounds`` slices each) instead of running minutes apart.
    """
    import httpx

    totals = {"page": ([], 0, 0.0), "minimal": ([], 0, 0.0)}
    async with (
        httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies) as page_client,
        httpx.AsyncClient(base_url=base, timeout=30) as minimal_client,
    ):
        for _ in range(10):  # warm up: templates, connections, caches
            await page_client.get(path)
            await minimal_client.get("/bench/minimal/")
        slice_seconds = args.seconds / args.rounds
        for _ in range(args.rounds):
            for name, client, url in (("minimal", minimal_client, "/bench/minimal/"),
                                      ("page", page_client, path)):  # fmt: skip
                latencies, errors, elapsed = await _slice(client, url, slice_seconds,
                                                          args.concurrency)  # fmt: skip
                seen, failed, spent = totals[name]
                totals[name] = (seen + latencies, failed + errors, spent + elapsed)

    def summary(name: str) -> dict:
        latencies, errors, elapsed = totals[name]
        latencies.sort()
        return {
            "requests": len(latencies),
            "errors": errors,
            "rps": len(latencies) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        }

    return summary("page"), summary("minimal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6,
                        help="Load per page and per baseline (default 6).")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=6,
                        help="Alternating slices the seconds are cut into (default 6).")  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent clients (8).")
    parser.add_argument("--only", default="", help="Load only pages whose label contains this.")
    args = parser.parse_args()

    database_url = _bench_database_url()
    _ensure_database(database_url)
    _setup_django(database_url)
    from bench.pages_seed import seed, signed_in_cookie

    paths = seed()
    _index_for_search()
    cookie = {"sessionid": signed_in_cookie()}
    from django.db import connections

    connections.close_all()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_server(port)
    pages = [
        ("blog list (20 posts)", "/blog/"),
        ("post, 50 comments", paths["post"]),
        ("Atom feed (20 entries)", "/blog/feed/"),
        ("standard v, 40 sect/30 thr", paths["version"]),
        ("channel, 100 messages", paths["channel"]),
        ("service prior work", paths["service"]),
        ("council page", paths["council"]),
        ("search results", "/search/?q=bins"),
    ]
    pages = [p for p in pages if args.only in p[0]]
    results = []
    try:
        _wait_until_up(base)

        for label, path in pages:
            for who, cookies in (("out", None), ("in", cookie)):
                print(f"Loading {label} signed {who}: {path} and the minimal view, "
                      f"{args.seconds:g} s each x {args.concurrency} clients")  # fmt: skip
                page, minimal = asyncio.run(_compare(base, path, args, cookies))
                results.append((f"{label} [{who}]", page, minimal))
    finally:
        server.terminate()
        server.wait(timeout=10)

    print()
    print(f"uvicorn, 1 worker, PostgreSQL, DEBUG off, {args.concurrency} concurrent clients, "
          f"page and minimal view alternating in {args.rounds} slices of "
          f"{args.seconds / args.rounds:g} s; targets: signed out >= 0.80x, signed in >= 0.30x")  # fmt: skip
    print(f"{'page':<34}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}"
          f"{'min req/s':>10}{'vs min':>8}  target")  # fmt: skip
    for label, r, minimal in results:
        ratio = r["rps"] / minimal["rps"]
        target = 0.8 if label.endswith("[out]") else 0.3
        verdict = "met" if ratio >= target else "MISSED"
        print(
            f"{label:<34}{r['rps']:>8.1f}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}{r['errors']:>7}"
            f"{minimal['rps']:>10.1f}{ratio:>8.2f}  {verdict}"
        )
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    if any(r["errors"] for _, r, _ in results):
        sys.exit("Some requests failed: see the errors column.")


def _index_for_search() -> None:
    """With Elasticsearch, build the bench's index once (database search needs nothing)."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.ELASTICSEARCH_URL:
        call_command("search_reindex", "--if-missing", verbosity=0)
        call_command("search_worker", "--once", verbosity=0)


if __name__ == "__main__":
    main()
