"""API benchmark: a list and a detail endpoint of /api/v1/ against bare Django JSON views.

    . .services/env && .venv/bin/python bench/api.py                 # about 40 s
    .venv/bin/python bench/api.py --seconds 3 --concurrency 4         # quicker

Uses bench/pages.py's database (``<name>_bench``, 25 published posts with tags, councils and
comments) and server (uvicorn, ``hub.asgi``, DEBUG off, one worker). In one run it measures
requests per second and p95 latency, all with a personal access token in
``Authorization: Bearer`` (the API's usual caller), for:

- ``/bench/json/``: the smallest Django JSON view, same middleware, no database (floor);
- ``/bench/posts-json/`` and ``/bench/posts-json/<id>/``: bare Django JSON views returning
  the same data as the API's list and detail (the same blog selectors and fields, written by
  hand), with no authentication, scopes, rate limit, cursor, schema validation or ETag;
- ``/api/v1/posts?limit=20`` and ``/api/v1/posts/<id>``: the API's list and detail.

Prints the figures, each API endpoint's ratio to its bare equivalent (the issue's target:
>= 0.4x) and, for context, every row's ratio to the no-database view.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402 (after the path is set)
    _bench_database_url,
    _ensure_database,
    _free_port,
    _load,
    _seed,
    _setup_django,
    _start_server,
    _wait_until_up,
)


def _token() -> tuple[str, int]:
    """A fresh read token for the bench author, and the id of a post to read."""
    from accounts.models import User
    from hub.api.services import token_create
    from hub.blog.models import Post

    user = User.objects.get(email="bench0@example.org")
    _, raw = token_create(user=user, name="bench", scopes=["blog:read"], expires_in_days=7)
    return raw, Post.objects.published().filter(author=user).order_by("-id").first().pk


async def _load_with(base, path, seconds, concurrency, token):
    import httpx

    original = httpx.AsyncClient.__init__

    def with_token(self, *args, **kwargs):
        kwargs.setdefault("headers", {"Authorization": f"Bearer {token}"})
        original(self, *args, **kwargs)

    httpx.AsyncClient.__init__ = with_token
    try:
        return await _load(base, path, seconds, concurrency)
    finally:
        httpx.AsyncClient.__init__ = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6, help="Load per endpoint (default 6).")
    parser.add_argument("--concurrency", type=int, default=8, help="Concurrent clients (8).")
    args = parser.parse_args()

    database_url = _bench_database_url()
    _ensure_database(database_url)
    _setup_django(database_url)
    _seed()
    token, post_id = _token()
    from django.db import connections

    connections.close_all()
    os.environ["API_READ_RATE"] = "1000000/m"  # measure the API, not its rate limit

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start_server(port)
    try:
        _wait_until_up(base)
        endpoints = [
            ("minimal JSON (no DB)", "/bench/json/"),
            ("bare list (20 posts)", "/bench/posts-json/"),
            ("API list (20 posts)", "/api/v1/posts?limit=20"),
            ("bare detail (1 post)", f"/bench/posts-json/{post_id}/"),
            ("API detail (1 post)", f"/api/v1/posts/{post_id}"),
        ]
        results = []
        for label, path in endpoints:
            print(f"Loading {label}: {path} for {args.seconds:g} s x {args.concurrency} clients")
            results.append(
                (label, asyncio.run(_load_with(base, path, args.seconds, args.concurrency, token)))
            )
    finally:
        server.terminate()
        server.wait(timeout=10)

    floor = results[0][1]
    bare = {"API list (20 posts)": results[1][1], "API detail (1 post)": results[3][1]}
    print()
    print(f"uvicorn, 1 worker, PostgreSQL, DEBUG off, {args.concurrency} concurrent clients, token")
    print(f"{'endpoint':<24}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}"
          f"{'vs bare':>9}{'target 0.4x':>13}{'vs no-DB':>10}")  # fmt: skip
    for label, r in results:
        versus, target = "", ""
        if label in bare:
            ratio = r["rps"] / bare[label]["rps"]
            versus, target = f"{ratio:.2f}x", "met" if ratio >= 0.4 else "NOT met"
        print(
            f"{label:<24}{r['rps']:>8.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['errors']:>7}"
            f"{versus:>9}{target:>13}{r['rps'] / floor['rps']:>9.2f}x"
        )
    if any(r["errors"] for _, r in results):
        sys.exit("Some requests failed: see the errors column.")


if __name__ == "__main__":
    main()
