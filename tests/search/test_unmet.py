"""Searches that found nothing: recorded anonymously, listed for staff, pruned after 90 days."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import api
from search.models import UnmetSearch
from tests.factories import UserFactory
from tests.search.factories import note

pytestmark = pytest.mark.django_db


def test_a_search_that_finds_nothing_is_recorded_without_the_person(
    search_backend, note_adapter, reindex, client
):
    author = UserFactory()
    note(author, "Bin collection days", "Check your bin collection day online.")
    reindex(*author.notifications.all())
    client.force_login(UserFactory())

    client.get(reverse("search:search"), {"q": "bin collection"})  # found: not recorded
    client.get(reverse("search:search"), {"q": "Kerbside  Glass trial", "type": ["post"]})
    client.get(reverse("search:api"), {"q": "kerbside glass trial"})
    client.get(reverse("search:search"), {"q": "kerbside glass trial", "page": 2})  # page 2

    rows = list(UnmetSearch.objects.values("query", "backend", "filters"))
    engine = "elasticsearch" if search_backend.name == "elasticsearch" else connection.vendor
    assert rows == [
        {"query": "kerbside glass trial", "backend": engine, "filters": {"type": ["post"]}},
        {"query": "kerbside glass trial", "backend": engine, "filters": {}},
    ]
    fields = {f.name for f in UnmetSearch._meta.get_fields()}
    assert fields == {"id", "query", "backend", "filters", "created_at"}  # no user, no IP


def test_unmet_queries_lists_the_most_frequent_of_the_last_90_days(db):
    old = timezone.now() - timedelta(days=91)
    for text, times in [("council tax single person", 3), ("open311 roadworks", 5)]:
        for _ in range(times):
            UnmetSearch.objects.create(query=text, backend="postgresql")
    UnmetSearch.objects.create(query="ancient question", backend="sqlite", created_at=old)
    UnmetSearch.objects.create(query="open311 roadworks", backend="elasticsearch")

    queries = api.unmet_queries(limit=10)

    assert [(q.query, q.count) for q in queries] == [
        ("open311 roadworks", 6),
        ("council tax single person", 3),
    ]
    assert queries[0].backends == ["elasticsearch", "postgresql"]
    assert [q.query for q in api.unmet_queries(backend="elasticsearch")] == ["open311 roadworks"]

    out = StringIO()
    call_command("search_unmet", "--prune", stdout=out)
    assert "Pruned 1 entries" in out.getvalue()
    assert "open311 roadworks" in out.getvalue()
    assert not UnmetSearch.objects.filter(query="ancient question").exists()


def test_unmet_command_explains_bad_arguments(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 1 and 90"):
        call_command("search_unmet", "--days", "365")


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_staff_page_lists_unmet_searches_and_hides_from_everyone_else(db, client, who):
    UnmetSearch.objects.create(query="<script>alert(1)</script> libraries", backend="postgresql")
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=(who == "staff")))

    response = client.get(reverse("search:unmet"))

    if who != "staff":
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; libraries" in body
    assert "<script>alert(1)" not in body
