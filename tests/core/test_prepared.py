"""Prepared ORM queries (hub/core/prepared.py): compiled once, run with new values, and never
run with a stale value."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, DateField
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hub.blog.models import Post
from hub.core.prepared import PreparedQuery
from tests.blog.factories import PostFactory
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = connection.vendor == "postgresql"


def _weekly(*, since, until, council_id, limit=None):
    posts = Post.objects.filter(published_at__gte=since, published_at__lt=until)
    if council_id:
        posts = posts.filter(author__profile__council_id=council_id)
    rows = (
        posts.annotate(week=TruncWeek("published_at", output_field=DateField()))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    )
    return rows[:limit] if limit else rows


@pytest.fixture
def posts():
    now = timezone.now()
    leeds = CouncilFactory()
    for weeks_ago, council in [(0, leeds), (0, None), (1, leeds), (3, None), (5, leeds)]:
        PostFactory(
            author=UserFactory(profile__council=council),
            published_at=now - timedelta(weeks=weeks_ago, minutes=1),
        )
    return {"now": now, "leeds": leeds}


def test_rows_match_the_orm_call_after_call_with_converters(posts):
    weekly = PreparedQuery(_weekly, params=("since", "until", "council_id"))
    now = posts["now"]
    for since_weeks, council in [(8, None), (2, None), (8, posts["leeds"].pk), (1, None)]:
        call = {"since": now - timedelta(weeks=since_weeks), "until": now, "council_id": council}
        expected = list(_weekly(**call))
        assert expected, call
        assert weekly.rows(**call) == expected
        assert all(type(week).__name__ == "date" for week, _ in weekly.rows(**call))
    if ON_POSTGRESQL:
        # Two shapes (with and without a council), each compiled once.
        assert weekly.plan_for(since=now, until=now, council_id=None) is not None
        assert len(weekly._plans) == 2


def test_shape_arguments_are_part_of_the_plan_not_parameters(posts):
    weekly = PreparedQuery(_weekly, params=("since", "until", "council_id"))
    call = {"since": posts["now"] - timedelta(weeks=8), "until": posts["now"], "council_id": None}
    assert len(weekly.rows(**call, limit=2)) == 2
    assert len(weekly.rows(**call, limit=3)) == 3
    assert weekly.rows(**call, limit=None) == list(_weekly(**call))


def test_a_value_derived_from_a_param_is_never_prepared(posts):
    def derived(*, since, until):
        return _weekly(since=since - timedelta(weeks=1), until=until, council_id=None)

    query = PreparedQuery(derived, params=("since", "until"))
    now = posts["now"]
    for since_weeks in (2, 6):
        call = {"since": now - timedelta(weeks=since_weeks), "until": now}
        assert query.rows(**call) == list(derived(**call))
    assert query.plan_for(since=now, until=now) is None


def test_a_builder_reading_the_clock_is_never_prepared(posts):
    def clock(*, since):
        return _weekly(since=since, until=timezone.now(), council_id=None)

    query = PreparedQuery(clock, params=("since",))
    assert query.plan_for(since=posts["now"] - timedelta(weeks=8)) is None
    assert query.rows(since=posts["now"] - timedelta(weeks=8)) == list(
        clock(since=posts["now"] - timedelta(weeks=8))
    )


def test_model_instances_are_not_prepared(posts):
    query = PreparedQuery(
        lambda *, since: Post.objects.filter(published_at__gte=since), params=("since",)
    )
    since = posts["now"] - timedelta(weeks=2)
    assert query.plan_for(since=since) is None
    assert {p.pk for p in query.rows(since=since)} == set(
        Post.objects.filter(published_at__gte=since).values_list("pk", flat=True)
    )
