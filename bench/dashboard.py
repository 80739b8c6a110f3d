"""Dashboard benchmark: the community dashboard page against the same aggregates run raw.

    . .services/env && .venv/bin/python bench/dashboard.py            # about a minute
    .venv/bin/python bench/dashboard.py --repeat 5                     # quicker

Uses a database of its own (``<name>_bench_dashboard`` next to the one in ``DATABASE_URL``,
plus ``_<TEST_DB_SUFFIX>`` when set, created and migrated on first use) and seeds it once with
about 50,000 objects spread over 26 weeks: 400 councils, 2,000 members, 8,000 posts, 20,000
comments, 14,000 chat messages, 24 standards with 2,400 adoption declarations, 1,000 projects
with 200 calls for backing and 1,600 pledges, 1,000 moderation flags, 1,000 unmet searches,
200 registered endpoints with 12,200 conformance checks, and 4,000 logged searches that found
results (about 70,000 objects in all).

Then, in one run, alternating so both see the same machine load, it times:

- **page**: ``GET /community/dashboard/`` as a moderator through Django's test client (view,
  selectors, ORM, templates, SVG charts; the default twelve weeks), with the panel cache off so
  every request runs every aggregate (the ratio is like for like);
- **raw**: the same aggregates as hand-written SQL on one cursor (no ORM, no rendering).

Then the page again with the panel cache on (the production default), for reference.
Prints medians and p90s and the ratio raw/page (1.0 = the page costs nothing over its SQL).
Targets (issue 17): ratio >= 0.7 and the page under 1 s. Not a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from dashboard_sql import raw_queries  # noqa: E402
from pages import _ensure_database  # noqa: E402  (same database helpers as bench/pages.py)

WEEKS = 26


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/dashboard.py needs PostgreSQL: run `. .services/env` first.")
    parts = urlsplit(url)
    suffix = os.environ.get("TEST_DB_SUFFIX", "")
    name = parts.path.lstrip("/") + "_bench_dashboard" + (f"_{suffix}" if suffix else "")
    return urlunsplit(parts._replace(path="/" + name))


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print("Migrating the bench database")
    call_command("migrate", verbosity=0, interactive=False)


def _spread(model, field: str, *, days: int = WEEKS * 7) -> None:
    """Give every row a random time in the last ``days`` (bulk_create stamps them all 'now')."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = now() - random() * %s * interval '1 day'",  # noqa: S608
            [days],
        )


def _seed() -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from accounts.models import Profile, User
    from hub.blog.models import Comment, Post
    from hub.councils.models import Council, CouncilType, Nation
    from hub.discussions.models import Channel, Message
    from hub.groups.models import Membership, WorkingGroup
    from hub.moderation.models import Flag
    from hub.pledges.models import BackingCall, Pledge
    from hub.sharing.models import Phase, Project
    from hub.standards.models import Adoption, Standard
    from hub.standards.selectors import latest_version
    from hub.standards.services import standard_draft_save, standard_version_publish
    from search.models import SearchLog

    if Council.objects.filter(code="D0000").exists():
        print("Bench data already seeded")
        return
    print("Seeding about 50,000 objects (once)")
    UNUSABLE = make_password(None)
    rng = random.Random(17)
    nations = [Nation.ENGLAND] * 7 + [Nation.SCOTLAND, Nation.WALES, Nation.NORTHERN_IRELAND]
    types = [
        CouncilType.DISTRICT,
        CouncilType.UNITARY,
        CouncilType.COUNTY,
        CouncilType.LONDON_BOROUGH,
    ]
    with transaction.atomic():
        councils = Council.objects.bulk_create(
            Council(code=f"D{n:04d}", name=f"Dashshire {n}", official_name=f"Dashshire {n} Council",
                    slug=f"dashshire-{n}", council_type=rng.choice(types),
                    nation=rng.choice(nations), website=f"https://dashshire-{n}.gov.uk")
            for n in range(400)
        )  # fmt: skip
        users = User.objects.bulk_create(
            User(email=f"dash{n}@dashshire-{n % 400}.gov.uk", password=UNUSABLE)
            for n in range(2000)
        )
        Profile.objects.bulk_create(
            Profile(user=u, handle=f"dash-{n}", display_name=f"Dash Person {n}",
                    council=councils[rng.randrange(280)] if n % 10 < 7 else None,
                    council_verified=n % 3 == 0)
            for n, u in enumerate(users)
        )  # fmt: skip
        moderator = users[0]
        moderator.is_staff = True
        moderator.save(update_fields=["is_staff"])
        posts = Post.objects.bulk_create(
            Post(author=rng.choice(users), title=f"Dash post {n}", slug=f"dash-post-{n}",
                 summary="For the dashboard benchmark.", body="Body.",
                 status="published" if n % 10 else "draft", published_at=None)
            for n in range(8000)
        )  # fmt: skip
        Comment.objects.bulk_create(
            Comment(post=rng.choice(posts[:6000]), author=rng.choice(users), body="Thanks.")
            for _ in range(20_000)
        )
        channels = Channel.objects.bulk_create(
            Channel(name=f"Dash channel {n}", slug=f"dash-channel-{n}") for n in range(20)
        )
        sequence = dict.fromkeys(range(20), 0)
        messages = []
        for _ in range(14_000):
            index = rng.randrange(20)
            sequence[index] += 1
            messages.append(Message(channel=channels[index], sequence=sequence[index],
                                    author=rng.choice(users), body="Morning."))  # fmt: skip
        Message.objects.bulk_create(messages)
        projects = Project.objects.bulk_create(
            Project(title=f"Dash project {n}", slug=f"dash-project-{n}",
                    owner_council=rng.choice(councils), lead=rng.choice(users),
                    summary="Shared work.", phase=rng.choice(Phase.values))
            for n in range(1000)
        )  # fmt: skip
        calls = BackingCall.objects.bulk_create(
            BackingCall(project=projects[n], target_pounds=50_000, backer_benefits="Code.",
                        deadline=projects[n].created_at + timedelta(days=rng.randrange(-60, 60)),
                        state=["open", "backed", "not_backed"][n % 3],
                        settled_at=None if n % 3 == 0 else time_now())
            for n in range(200)
        )  # fmt: skip
        Pledge.objects.bulk_create(
            Pledge(call=call, council=council, amount_pounds=rng.randrange(1, 20) * 1000,
                   state={"open": "active", "backed": "committed"}.get(call.state, "lapsed"))
            for call in calls
            for council in rng.sample(councils, 8)
        )  # fmt: skip
        post_type = ContentType.objects.get_for_model(Post)
        Flag.objects.bulk_create(
            Flag(content_type=post_type, object_id=posts[n].pk, reporter=users[n % 2000],
                 reason="Off topic.", resolved_at=None if n % 4 else time_now())
            for n in range(1000)
        )  # fmt: skip
        SearchLog.objects.bulk_create(
            SearchLog(query=f"unmet {rng.randrange(300)}", backend="database", filters={}, hits=0)
            for _ in range(1000)
        )
    # Standards through the real services (versions, blocks), then adoptions in bulk.
    editor = users[1]
    standards = []
    for n in range(24):
        group = WorkingGroup.objects.create(
            name=f"Dash group {n}", slug=f"dash-group-{n}", purpose="Standards.",
            visibility="members" if n % 4 == 0 else "public",
        )  # fmt: skip
        Membership.objects.create(group=group, user=editor, role="editor")
        standard = Standard.objects.create(
            group=group, title=f"Dash standard {n}", slug=f"dash-standard-{n}",
            summary="A standard.", draft_body="", draft_revision=0,
        )  # fmt: skip
        standard_draft_save(
            standard=standard, editor=editor, base_revision=0,
            body=f"# Dash standard {n}\n\nCouncils publish this.\n",
        )  # fmt: skip
        standard_version_publish(standard=standard, editor=editor, bump="minor")
        standards.append(standard)
    Standard.objects.filter(pk__in=[s.pk for s in standards]).update(status="adopted")
    Adoption.objects.bulk_create(
        Adoption(standard=s, version=latest_version(s), council=c,
                 kind="adopted" if rng.random() < 0.7 else "implementing",
                 declared_at=time_now() - timedelta(days=rng.randrange(WEEKS * 7)))
        for s in standards
        for c in rng.sample(councils, 100)
    )  # fmt: skip
    _spread(Post, "published_at")
    _spread(Comment, "created_at")
    _spread(Message, "created_at")
    _spread(Flag, "created_at", days=30)
    _spread(SearchLog, "created_at", days=60)
    _spread(Project, "created_at")


def _seed_conformance() -> None:
    """Endpoint checks (added after the first seeding, hence its own step): 200 current
    adoptions register an endpoint, checked every third day for 26 weeks, one in ten failing."""
    from django.db import transaction

    from hub.standards.models import Adoption, EndpointCheck

    if EndpointCheck.objects.exists():
        return
    print("Seeding endpoint conformance checks (once)")
    rng = random.Random(13)
    now = time_now()
    with transaction.atomic():
        adoptions = list(Adoption.objects.filter(withdrawn_at__isnull=True).order_by("pk")[:200])
        for adoption in adoptions:
            adoption.endpoint_url = f"https://data.example.org/{adoption.pk}.json"
        Adoption.objects.bulk_update(adoptions, ["endpoint_url"])
        EndpointCheck.objects.bulk_create(
            EndpointCheck(adoption=adoption, checked_at=now - timedelta(days=day),
                          conforms=rng.random() > 0.1, summary="Checked.")
            for adoption in adoptions
            for day in range(0, WEEKS * 7, 3)
        )  # fmt: skip


def _seed_search_log() -> None:
    """First pages of results that found something, some followed (added after the first
    seeding, when the search log began to keep every search): 4,000 searches of 200 texts."""
    from django.db import transaction

    from search.models import SearchLog

    if SearchLog.objects.filter(hits__gt=0).exists():
        return
    print("Seeding the search log's searches with results (once)")
    rng = random.Random(12)
    with transaction.atomic():
        SearchLog.objects.bulk_create(
            SearchLog(query=f"bench search {n}", backend="postgresql", filters={},
                      hits=rng.randrange(1, 50), clicks=0 if n % 3 == 0 else rng.randrange(4))
            for n in (int(rng.paretovariate(1.2)) % 200 for _ in range(4000))
        )  # fmt: skip
    from django.db import connection

    table = SearchLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET created_at = now() - random() * interval '60 days' "  # noqa: S608
            "WHERE hits > 0"
        )


def time_now():
    from django.utils import timezone

    return timezone.now()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="Timed runs of each (default 15).")
    args = parser.parse_args()
    url = _database_url()
    _ensure_database(url)
    _setup(url)
    _seed()
    _seed_conformance()
    _seed_search_log()

    from django.apps import apps
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from hub.community.forms import DashboardFilterForm
    from hub.councils.models import Council

    apps_seeded = {"accounts", "councils", "blog", "discussions", "standards", "sharing",
                   "pledges", "moderation", "search", "workgroups"}  # fmt: skip
    objects = sum(
        model.objects.count() for model in apps.get_models()
        if model._meta.app_label in apps_seeded
    )  # fmt: skip
    print(f"Bench database: {objects:,} objects, {Council.objects.count()} councils")
    client = Client()
    client.force_login(User.objects.get(email="dash0@dashshire-0.gov.uk"))
    filters = DashboardFilterForm().filters()
    raw = raw_queries(filters.since, filters.until)

    def page() -> float:
        started = time.perf_counter()
        response = client.get("/community/dashboard/")
        assert response.status_code == 200, response.status_code
        assert b"hub-chart" in response.content
        return time.perf_counter() - started

    def raw_run() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in raw:
                cursor.execute(sql, params)
                cursor.fetchall()
        return time.perf_counter() - started

    def selectors_run() -> float:
        from hub.community.panels import panels_for

        started = time.perf_counter()
        panels_for(filters, public=False)
        return time.perf_counter() - started

    from django.conf import settings

    settings.COMMUNITY_CACHE_SECONDS = 0  # like for like: the page runs every aggregate
    for _ in range(2):  # warm connections
        page(), raw_run(), selectors_run()
    page_times, raw_times, selector_times = [], [], []
    for _ in range(args.repeat):
        page_times.append(page())
        raw_times.append(raw_run())
        selector_times.append(selectors_run())

    settings.COMMUNITY_CACHE_SECONDS = 60  # production default: panels cached per filter
    page()
    cached_times = [page() for _ in range(args.repeat)]

    def p90(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.9) - 1)]

    page_median, raw_median = statistics.median(page_times), statistics.median(raw_times)
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)"
    )
    print(f"raw aggregates ({len(raw)} SQL statements): median {raw_median * 1000:.0f} ms, "
          f"p90 {p90(raw_times) * 1000:.0f} ms")  # fmt: skip
    print(f"panels only (selectors + ORM, no view or templates): median "
          f"{statistics.median(selector_times) * 1000:.0f} ms")  # fmt: skip
    print(f"dashboard page (GET /community/dashboard/): median {page_median * 1000:.0f} ms, "
          f"p90 {p90(page_times) * 1000:.0f} ms")  # fmt: skip
    print(f"dashboard page, panels cached (the default, 60 s): median "
          f"{statistics.median(cached_times) * 1000:.0f} ms")  # fmt: skip
    ratio = raw_median / page_median
    print(f"ratio raw/page: {ratio:.2f}x (target >= 0.7x): {'met' if ratio >= 0.7 else 'NOT met'}")
    print(f"page under 1 s: {'met' if page_median < 1 else 'NOT met'} (median {page_median:.3f} s)")


if __name__ == "__main__":
    main()
