"""Profile the pages bench/pages.py loads, in-process, with pyinstrument (docs/performance.md).

    . .services/env && .venv/bin/python bench/profile_pages.py [--signed-in] [--repeat 20] [PATH ...]

Uses the bench database (run bench/pages.py once first to create and seed it) and bench settings
(DEBUG off). Each page is rendered once to warm up, then ``--repeat`` times under the profiler;
prints the mean time and query count per request and pyinstrument's call tree.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="Paths to profile (default: every bench page).")
    parser.add_argument("--signed-in", action="store_true", help="As the demo member.")
    parser.add_argument("--repeat", type=int, default=20, help="Requests per page (20).")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="Bypass the page cache (a new query string per request).")  # fmt: skip
    parser.add_argument("--tree", action="store_true", help="Print pyinstrument's call tree.")
    args = parser.parse_args()

    from bench.pages import _bench_database_url

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from bench.pages_seed import seed, signed_in_cookie

    found = seed()
    paths = args.paths or ["/blog/", found["post"], "/blog/feed/", found["version"],
                           found["channel"], found["service"], found["council"], "/search/?q=bins"]  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    if args.signed_in:
        client.cookies["sessionid"] = signed_in_cookie()
    for path in paths:

        def url(n: int, path=path) -> str:
            if not args.no_page_cache:
                return path
            return path + ("&" if "?" in path else "?") + f"nocache={n}"

        client.get(url(0))
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            profiler.start()
            for n in range(args.repeat):
                response = client.get(url(n + 1))
            profiler.stop()
        elapsed = (time.perf_counter() - started) / args.repeat * 1000
        print(f"{path}: {response.status_code}, {elapsed:.1f} ms/request, "
              f"{len(queries) / args.repeat:.1f} queries/request")  # fmt: skip
        if args.tree:
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
