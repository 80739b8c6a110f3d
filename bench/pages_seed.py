"""Bench data for bench/pages.py, built through the services like real use. Idempotent.

The demo community (``seed_demo``) plus what the issue measures: 25 posts with tags, councils and
comments; a post with 50 comments; a standard version with 40 sections and 30 comment threads;
a public channel with 100 messages. Returns the paths to load.
"""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

BENCH_BODY = (
    "## Heading\n\nSome **bold** text, a [link](https://example.org) and a list:\n\n"
    + ("- item\n" * 10)
    + "\n"
    + ("A paragraph of ordinary prose about bin collections. " * 20)
)
SIGNED_IN_EMAIL = "demo@localgov.test"


def _people(council) -> list:
    from accounts.models import Profile, User

    people = []
    for n in range(36):
        user, _ = User.objects.get_or_create(email=f"bench{n}@example.org")
        Profile.objects.update_or_create(
            user=user,
            defaults={"handle": f"bench-{n}", "display_name": f"Bench Person {n}",
                      "council": council},
        )  # fmt: skip
        people.append(User.objects.select_related("profile").get(pk=user.pk))
    return people


def _blog(people) -> str:
    from hub.blog.models import Comment, Post
    from hub.blog.services import comment_create, post_create

    author = people[0]
    existing = Post.objects.filter(author__in=people[:6]).count()
    for n in range(existing, 25):
        post = post_create(
            author=people[n % 6], title=f"Bench post {n}", body=BENCH_BODY,
            summary="A post for the benchmark.", status="published",
            published_at=timezone.now() - timezone.timedelta(hours=n + 1),
            tags=["bins", f"tag-{n % 5}"],
        )  # fmt: skip
        for c in range(3):
            comment_create(post=post, author=people[(n + c + 1) % 6],
                           body="Thanks, useful.", rate_limited=False)  # fmt: skip
    target = Post.objects.filter(author=author, slug="bench-fifty-comments").first()
    if target is None:
        target = post_create(
            author=author, title="Bench fifty comments", body=BENCH_BODY, status="published",
            published_at=timezone.now() - timezone.timedelta(days=30), tags=["bins"],
        )  # fmt: skip
    parents: list = []
    for c in range(max(0, 50 - Comment.objects.filter(post=target).count())):
        parent = parents[-1] if parents and c % 3 else None
        parents.append(
            comment_create(
                post=target,
                author=people[c % 6],
                parent=parent,
                body=f"Comment {c} with *some* Markdown and a [link](https://example.org).",
                rate_limited=False,
            )
        )
    return target.get_absolute_url()


def _standard(people) -> str:
    from hub.groups.models import Membership, WorkingGroup
    from hub.standards import services
    from hub.standards.models import CommentThread, Standard
    from hub.standards.selectors import latest_version

    group = WorkingGroup.objects.get(slug="waste-and-bins")
    convenor = group.memberships.filter(role=Membership.Role.CONVENOR, state="active").first().user
    standard = Standard.objects.filter(slug="bench-forty-sections").first()
    if standard is None:
        body = "# Bench standard {#overview}\n\nForty sections for the benchmark.\n\n" + "".join(
            f"## Section {n} {{#section-{n}}}\n\nSection {n} says what councils publish, with "
            f"**emphasis**, a [link](https://example.org) and enough words to be realistic.\n\n"
            for n in range(1, 41)
        )
        standard = services.standard_create(
            group=group, creator=convenor, title="Bench forty sections",
            summary="A standard for the benchmark.", body=body, slug="bench-forty-sections",
        )  # fmt: skip
        services.standard_version_publish(standard=standard, editor=convenor, notes="Bench.")
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="consultation", reason="Bench.",
            closes_at=timezone.now() + datetime.timedelta(days=300),
        )  # fmt: skip
    version = latest_version(standard)
    outsiders = [p for p in people if not group.memberships.filter(user=p).exists()]
    for n in range(CommentThread.objects.filter(standard=standard).count(), 30):
        services.thread_open(
            version=version, anchor=f"section-{n + 1}-1", author=outsiders[n % len(outsiders)],
            body=f"Comment {n}: could this say *which* councils it applies to?",
        )  # fmt: skip
    return version.get_absolute_url()


def _channel(people) -> str:
    from hub.discussions.models import Channel, Message
    from hub.discussions.services import channel_create, message_post

    channel = Channel.objects.filter(slug="bench-hundred").first()
    if channel is None:
        channel = channel_create(name="Bench hundred", created_by=people[0], slug="bench-hundred",
                                 topic="A channel for the benchmark")  # fmt: skip
    for n in range(Message.objects.filter(channel=channel).count(), 100):
        message_post(channel=channel, author=people[n % len(people)],
                     body=f"Message {n} with **Markdown** and a [link](https://example.org).")  # fmt: skip
    return channel.get_absolute_url()


def _service_and_council() -> tuple[str, str]:
    from django.db.models import Count

    from hub.councils.models import Council
    from hub.sharing.models import ServiceTopic

    service = (
        ServiceTopic.objects.annotate(n=Count("projects") + Count("artefacts"))
        .order_by("-n", "code")
        .first()
    )
    council = (
        Council.objects.annotate(n=Count("sharing_projects", distinct=True))
        .order_by("-n", "code")
        .first()
    )
    return service.get_absolute_url(), council.get_absolute_url()


def seed() -> dict[str, str]:
    from accounts.models import User
    from hub.councils.models import Council

    if not User.objects.filter(email=SIGNED_IN_EMAIL).exists():
        call_command("seed_demo", "--password", "bench-only-password", verbosity=0)
    council, _ = Council.objects.get_or_create(
        code="BNC",
        defaults={"name": "Benchshire", "official_name": "Benchshire Council",
                  "slug": "benchshire", "council_type": "NMD", "nation": "England"},
    )  # fmt: skip
    with transaction.atomic():
        people = _people(council)
        post = _blog(people)
        version = _standard(people)
        channel = _channel(people)
    service, council_page = _service_and_council()
    return {"post": post, "version": version, "channel": channel, "service": service,
            "council": council_page}  # fmt: skip


def signed_in_cookie() -> str:
    """A session for the demo member, as signing in would make it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User

    user = User.objects.get(email=SIGNED_IN_EMAIL)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
