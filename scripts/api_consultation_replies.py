#!/usr/bin/env python3
"""List a working group's open consultation comments, and optionally reply to one, using only
the hub's OpenAPI document and a personal access token.

    HUB_TOKEN=lgh_... scripts/api_consultation_replies.py https://hub.example.org waste-data
    HUB_TOKEN=lgh_... scripts/api_consultation_replies.py https://hub.example.org waste-data \\
        --reply-to 42 --reply "Thanks: garden waste goes into 1.1."

Operations are found by their ``operationId`` in /api/v1/openapi.json, never by hard-coded
paths, so the script keeps working if the paths move. Output is CSV (one row per open comment)
for a spreadsheet. Make a token with the ``standards:read`` scope to list, and
``standards:write`` to reply, at /account/tokens/.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

import httpx


class Api:
    def __init__(self, base: str, token: str):
        self.client = httpx.Client(
            base_url=base.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=30,
        )
        document = self.client.get("/api/v1/openapi.json")
        document.raise_for_status()
        self.operations = {
            operation["operationId"]: (method.upper(), path)
            for path, methods in document.json()["paths"].items()
            for method, operation in methods.items()
        }

    def call(self, operation_id: str, *, params=None, json=None, **path_values):
        method, path = self.operations[operation_id]
        response = self.client.request(method, path.format(**path_values), params=params, json=json)
        if response.status_code >= 400:
            error = response.json()
            raise SystemExit(
                f"{operation_id}: {response.status_code} {error['code']}: {error['message']}"
            )
        return response.json()

    def each(self, operation_id: str, *, params=None, **path_values):
        """Every item of a cursor-paginated list."""
        params = dict(params or {}, limit=100)
        while True:
            page = self.call(operation_id, params=params, **path_values)
            yield from page["items"]
            if not page["next_cursor"]:
                return
            params["cursor"] = page["next_cursor"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="The hub's address, like https://hub.example.org")
    parser.add_argument("group", help="The working group's slug (from its page's address)")
    parser.add_argument("--reply-to", type=int, help="The id of the comment thread to reply in")
    parser.add_argument("--reply", help="The text of the reply (Markdown)")
    args = parser.parse_args(argv)
    token = os.environ.get("HUB_TOKEN", "")
    if not token:
        parser.error("set HUB_TOKEN to a personal access token (make one at /account/tokens/)")
    if bool(args.reply_to) != bool(args.reply):
        parser.error("--reply-to and --reply go together")

    api = Api(args.base, token)
    out = csv.writer(sys.stdout)
    out.writerow(["standard", "thread", "section", "anchor", "author", "council", "comment"])
    thread_standard = {}
    consultations = api.each(
        "list_standards", params={"group": args.group, "status": "consultation"}
    )
    for standard in consultations:
        if not standard["consultation_open"]:
            continue
        for thread in api.each(
            "list_standard_threads", params={"state": "open"}, slug=standard["slug"]
        ):
            thread_standard[thread["id"]] = standard["slug"]
            out.writerow(
                [standard["slug"], thread["id"], thread["heading_path"], thread["anchor"],
                 thread["author"], thread["council"] or "", thread["body"]]
            )  # fmt: skip
    if args.reply_to:
        if args.reply_to not in thread_standard:
            raise SystemExit(f"Thread {args.reply_to} is not an open consultation comment here.")
        reply = api.call(
            "reply_to_standard_thread",
            json={"body": args.reply},
            slug=thread_standard[args.reply_to],
            thread_id=args.reply_to,
        )
        print(f"Replied in thread {args.reply_to} (reply {reply['id']}).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
