"""The feed import page, its success message, ``sync_feeds --help`` and the job schedule say
the same thing about when a feed is read (the page used to say "every hour", the help "15
minutes"): all of them quote ``SYNC_EVERY_MINUTES`` and ``BLOG_SYNDICATION_INTERVAL_MINUTES``."""

from datetime import datetime

import pytest
from django.core.management import load_command_class
from django.urls import reverse

from hub.blog.syndication import SYNC_EVERY_MINUTES
from hub.jobs.queue import HUEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sync_job():
    return next(t for t in HUEY._registry.periodic_tasks if t.name == "blog_sync_feeds")


def test_the_job_runs_every_sync_every_minutes():
    job = _sync_job()
    due = [m for m in range(60) if job.validate_datetime(datetime(2026, 1, 5, 10, m))]
    assert due == list(range(0, 60, SYNC_EVERY_MINUTES))


def test_help_page_and_message_quote_the_same_times(client, settings):
    settings.BLOG_SYNDICATION_INTERVAL_MINUTES = 45
    help_text = " ".join(
        load_command_class("hub.blog", "sync_feeds")
        .create_parser("manage.py", "sync_feeds")
        .format_help()
        .split()
    )
    assert f"runs this every {SYNC_EVERY_MINUTES} minutes" in help_text
    assert f"first read within {SYNC_EVERY_MINUTES} minutes" in help_text

    client.force_login(UserFactory())
    page = " ".join(client.get(reverse("blog:settings")).content.decode().split())
    assert f"We read a new feed within {SYNC_EVERY_MINUTES} minutes of you adding it" in page
    assert "then check it every 45 minutes" in page
    assert "hour" not in page

    response = client.post(
        reverse("blog:settings"), {"url": "https://blog.example.org/feed.xml"}, follow=True
    )
    body = " ".join(response.content.decode().split())
    assert f"We will first read it within {SYNC_EVERY_MINUTES} minutes" in body
