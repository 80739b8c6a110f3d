"""API benchmark: a list and a detail endpoint of /api/v1/ against bare Django JSON views.

    . .services/env && .venv/bin/python bench/api.py                 # about 1.5 minutes
    .venv/bin/python bench/api.py --seconds 4 --rounds 2              # quicker

Uses bench/pages.py's database (``<name>_bench[_<TEST_DB_SUFFIX>]``, seeded by
``bench/pages_seed.py``: 25 published posts with tags, councils and comments) and server
(uvicorn, ``hub.asgi``, DEBUG off, one worker). Every request carries a personal access token in
``Authorization: Bearer`` (the API's usual caller). Endpoints:

- ``/bench/json/``: the smallest Django JSON view, same middleware, no database: the baseline
  the issue's target is measured against ("a bare Django JSON view");
- ``/bench/posts-json/`` and ``/bench/posts-json/<id>/``: hand-written Django JSON views
  returning the same data as the API's list and detail (the same blog selectors and fields),
  with no authentication, scopes, rate limit, cursor, schema validation or ETag;
- ``/api/v1/posts?limit=20`` and ``/api/v1/posts/<id>``, read again and again by the same token:
  what a script or a council's site does; answered from the API read cache
  (``hub/api/readcache.py``) after the first read;
- the same two with a query string that differs on every request: every request is a first
  read (the token check, the view, serialisation, ETag, and storing the copy).

The endpoints take turns in short slices (``--rounds`` per endpoint) so that the shared
machine's drifting load falls on all of them alike. Prints requests/s, p50/p95, errors, each
row's ratio to the no-database view (target >= 0.4x) and, for the API rows, to the same-data
bare view.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402 (after the path is set)
    _bench_database_url,
    _ensure_database,
    _free_port,
    _setup_django,
    _start_server,
    _wait_until_up,
)

TARGET = 0.4
_fresh = itertools.count()


def _token() -> tuple[str, int]:
    """A fresh read token for a bench author, and the id of one of their posts."""
    from accounts.models import User
    from hub.api.services import token_create
    from hub.blog.models import Post

    user = User.objects.get(email="bench0@example.org")
    _, raw = token_create(user=user, name="bench", scopes=["blog:read"], expires_in_days=7)
    return raw, Post.objects.published().filter(author=user).order_by("-id").first().pk


async def _slice(client, path: str, seconds: float, concurrency: int):
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            url = path.replace("{fresh}", str(next(_fresh)))
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors += 1

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.monotonic() - started


async def _run(base: str, endpoints: list[tuple[str, str]], token: str, args) -> dict:
    import httpx

    totals = {label: ([], 0, 0.0) for label, _ in endpoints}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as client:
        for _, path in endpoints:  # warm up: connections, imports, the token check
            for _ in range(10):
                await client.get(path.replace("{fresh}", str(next(_fresh))))
        slice_seconds = args.seconds / args.rounds
        for _ in range(args.rounds):
            for label, path in endpoints:
                latencies, errors, elapsed = await _slice(
                    client, path, slice_seconds, args.concurrency
                )
                seen, failed, spent = totals[label]
                totals[label] = (seen + latencies, failed + errors, spent + elapsed)
    results = {}
    for label, (latencies, errors, elapsed) in totals.items():
        latencies.sort()
        results[label] = {
            "rps": len(latencies) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
            "errors": errors,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=9, help="Load per endpoint (9).")
    parser.add_argument(
        "--rounds", type=int, default=3, help="Slices each endpoint's seconds are cut into (3)."
    )
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent clients (8).")
    args = parser.parse_args()

    database_url = _bench_database_url()
    _ensure_database(database_url)
    _setup_django(database_url)
    from bench.pages_seed import seed

    seed()
    token, post_id = _token()
    from django.db import connections

    connections.close_all()
    os.environ["API_READ_RATE"] = "1000000/m"  # measure the API, not its rate limit

    endpoints = [
        ("minimal JSON (no DB)", "/bench/json/"),
        ("bare list (20 posts)", "/bench/posts-json/"),
        ("API list", "/api/v1/posts?limit=20"),
        ("API list, first read", "/api/v1/posts?limit=20&bench={fresh}"),
        ("bare detail (1 post)", f"/bench/posts-json/{post_id}/"),
        ("API detail", f"/api/v1/posts/{post_id}"),
        ("API detail, first read", f"/api/v1/posts/{post_id}?bench={{fresh}}"),
    ]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_server(port)
    try:
        _wait_until_up(base)
        load_before = os.getloadavg()
        results = asyncio.run(_run(base, endpoints, token, args))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=10)

    floor = results["minimal JSON (no DB)"]["rps"]
    print()
    print(f"uvicorn, 1 worker, PostgreSQL, DEBUG off, {args.concurrency} concurrent clients, "
          f"token; {args.rounds} interleaved slices per endpoint; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")  # fmt: skip
    print(f"{'endpoint':<24}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}"
          f"{'vs no-DB':>10}{'target 0.4x':>13}{'vs bare':>9}")  # fmt: skip
    for label, r in results.items():
        ratio = r["rps"] / floor
        target = "" if label.startswith(("minimal", "bare")) else (
            "met" if ratio >= TARGET else "NOT met"
        )  # fmt: skip
        bare = ""
        if label.startswith("API"):
            same = results["bare list (20 posts)" if "list" in label else "bare detail (1 post)"]
            bare = f"{r['rps'] / same['rps']:.2f}x"
        print(f"{label:<24}{r['rps']:>8.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
              f"{r['errors']:>7}{ratio:>9.2f}x{target:>13}{bare:>9}")  # fmt: skip
    if any(r["errors"] for r in results.values()):
        sys.exit("Some requests failed: see the errors column.")


if __name__ == "__main__":
    main()
