"""The issue's "Done when": a script that knows only the OpenAPI document and a token lists a
working group's open consultation comments and posts a reply, against a live server."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.standards.models import Comment
from hub.standards.services import thread_decide
from tests.api.conftest import make_token
from tests.api.fuzz_data import seed
from tests.api.server import api_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "api_consultation_replies.py"


def _run(url: str, token: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url, "waste", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HUB_TOKEN": token},
        check=False,
    )


def test_script_lists_open_consultation_comments_and_replies(api_server):  # noqa: F811
    people = seed()
    standard = people["standard"]
    open_thread = standard.threads.get()
    closed = standard.threads.create(
        version=open_thread.version, anchor="bin-types", original_version=open_thread.version,
        original_anchor="bin-types", quoted_text="x", author=people["member"], body="Done already",
    )  # fmt: skip
    thread_decide(thread=closed, editor=people["editor"], decision="accept", response="Yes.")
    token = make_token(people["editor"], ["standards:write"])

    listed = _run(api_server, token)
    assert listed.returncode == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [(r["standard"], int(r["thread"]), r["comment"]) for r in rows] == [
        ("bins", open_thread.pk, "Add garden waste.")
    ]

    replied = _run(
        api_server, token, "--reply-to", str(open_thread.pk), "--reply", "Garden waste is in 0.2."
    )
    assert replied.returncode == 0, replied.stderr
    reply = Comment.objects.get(thread=open_thread)
    assert reply.body == "Garden waste is in 0.2." and reply.author == people["editor"]


def test_script_says_what_to_do_with_a_read_only_token(api_server):  # noqa: F811
    people = seed()
    thread = people["standard"].threads.get()
    token = make_token(people["editor"], ["standards:read"])
    result = _run(api_server, token, "--reply-to", str(thread.pk), "--reply", "Hello")
    assert result.returncode != 0
    assert "insufficient_scope" in result.stderr and "standards:write" in result.stderr
    assert not Comment.objects.filter(thread=thread).exists()
