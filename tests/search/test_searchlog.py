"""The search log: every first page recorded anonymously with its hits and the results
followed (through the click redirect, no JavaScript), listed for staff and dashboards,
pruned after 90 days."""

import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import api, searchlog
from search.models import SearchLog
from tests.factories import UserFactory
from tests.search.factories import note

pytestmark = pytest.mark.django_db


@pytest.fixture
def bins(search_backend, note_adapter, reindex):
    author = UserFactory()
    made = note(author, "Bin collection days", "Check your bin collection day online.")
    reindex(made)
    return made


def _result_links(response) -> list[str]:
    body = response.content.decode()
    return [unescape(h) for h in re.findall(r'<h2[^>]*><a class="govuk-link" href="([^"]+)"', body)]


def test_every_first_page_is_recorded_without_the_person(bins, search_backend, client):
    client.force_login(UserFactory())

    client.get(reverse("search:search"), {"q": "Bin  collection"})
    client.get(reverse("search:search"), {"q": "Kerbside  Glass trial", "type": ["post"]})
    client.get(reverse("search:api"), {"q": "kerbside glass trial"})
    client.get(reverse("search:search"), {"q": "kerbside glass trial", "page": 2})  # page 2

    rows = list(SearchLog.objects.order_by("pk").values("query", "backend", "filters", "hits"))
    engine = "elasticsearch" if search_backend.name == "elasticsearch" else connection.vendor
    assert rows == [
        {"query": "bin collection", "backend": engine, "filters": {}, "hits": 1},
        {"query": "kerbside glass trial", "backend": engine, "filters": {"type": ["post"]},
         "hits": 0},
        {"query": "kerbside glass trial", "backend": engine, "filters": {}, "hits": 0},
    ]  # fmt: skip
    fields = {f.name for f in SearchLog._meta.get_fields()}
    assert fields == {"id", "query", "backend", "filters", "hits", "clicks", "created_at"}


def test_following_a_result_counts_one_click_and_lands_on_the_result(bins, client):
    response = client.get(reverse("search:search"), {"q": "bin collection"})
    [link] = _result_links(response)
    assert link.startswith(reverse("search:click") + "?")
    assert SearchLog.objects.get().clicks == 0

    landed = client.get(link)

    assert landed.status_code == 302
    assert landed["Location"] == f"/notes/{bins.pk}/"
    assert "no-store" in landed["Cache-Control"] or "max-age=0" in landed["Cache-Control"]
    assert SearchLog.objects.get().clicks == 1
    data = client.get(reverse("search:api"), {"q": "bin collection"}).json()
    assert data["results"][0]["url"] == f"/notes/{bins.pk}/"
    assert client.get(data["results"][0]["click_url"])["Location"] == f"/notes/{bins.pk}/"
    assert list(SearchLog.objects.order_by("pk").values_list("clicks", flat=True)) == [1, 1]


def test_forged_stale_or_swapped_click_tokens_count_nothing(bins, client, monkeypatch):
    client.get(reverse("search:search"), {"q": "bin collection"})
    row = SearchLog.objects.get()
    target = f"/notes/{bins.pk}/"
    good = searchlog.click_token(row.pk, target)
    url = reverse("search:click")

    forged = client.get(url, {"to": target, "c": good[:-2] + "xx"})
    swapped = client.get(url, {"to": "/councils/", "c": good})
    missing = client.get(url, {"to": target})
    monkeypatch.setattr(searchlog, "CLICK_TOKEN_MAX_AGE", -1)  # every token is now stale
    stale = client.get(url, {"to": target, "c": good})

    assert [r.status_code for r in (forged, swapped, missing, stale)] == [302] * 4
    assert swapped["Location"] == "/councils/"  # still followed, never counted
    row.refresh_from_db()
    assert row.clicks == 0
    monkeypatch.undo()
    assert searchlog.record_click(good, target)


def test_clicks_per_search_are_capped(bins, client):
    client.get(reverse("search:search"), {"q": "bin collection"})
    row = SearchLog.objects.get()
    token = searchlog.click_token(row.pk, "/x/")
    tries = searchlog.MAX_CLICKS_PER_SEARCH + 3
    counted = [searchlog.record_click(token, "/x/") for _ in range(tries)]
    row.refresh_from_db()
    assert row.clicks == searchlog.MAX_CLICKS_PER_SEARCH
    assert counted.count(False) == 3


@pytest.mark.parametrize(
    "to",
    ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\\evil.example",
     "", "evil.example/x", "\x00/notes/1/"],
)  # fmt: skip
def test_the_click_redirect_never_leaves_the_site(db, client, to):
    response = client.get(reverse("search:click"), {"to": to, "c": "anything"})

    assert response.status_code == 400
    assert "Location" not in response
    assert "does not lead to a page on this site" in response.content.decode()


def _log(query, *, hits=1, clicks=0, backend="postgresql", age_days=0):
    row = SearchLog.objects.create(query=query, backend=backend, hits=hits, clicks=clicks)
    if age_days:
        SearchLog.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - timedelta(days=age_days)
        )


@pytest.fixture
def logged(db):
    for _ in range(5):
        _log("open311 roadworks", hits=0)
    _log("open311 roadworks", hits=0, backend="elasticsearch")
    for clicks in (0, 0, 0):
        _log("council tax single person", hits=4, clicks=clicks)
    for clicks in (0, 2, 1, 0):
        _log("bin collection", hits=9, clicks=clicks)
    _log("garden waste", hits=3)
    _log("ancient question", hits=0, backend="sqlite", age_days=91)
    _log("old but kept", hits=2, age_days=80)


def test_unmet_queries_lists_the_most_frequent_that_found_nothing(logged):
    queries = api.unmet_queries(limit=10)

    assert [(q.query, q.count) for q in queries] == [("open311 roadworks", 6)]
    assert queries[0].backends == ["elasticsearch", "postgresql"]
    assert [q.query for q in api.unmet_queries(backend="sqlite")] == []  # 91 days: too old


def test_frequent_queries_and_queries_without_clicks(logged):
    frequent = api.frequent_queries(limit=3)
    without = api.queries_without_clicks(limit=10)

    assert [(q.query, q.count, q.clicks, q.no_hits) for q in frequent] == [
        ("open311 roadworks", 6, 0, 6),
        ("bin collection", 4, 3, 0),
        ("council tax single person", 3, 0, 0),
    ]
    # Found results, nothing followed; a search that found nothing is an unmet need instead.
    assert [(q.query, q.count) for q in without] == [
        ("council tax single person", 3),
        ("garden waste", 1),
        ("old but kept", 1),
    ]
    assert [q.query for q in api.queries_without_clicks(days=30)] == [
        "council tax single person",
        "garden waste",
    ]
    assert "ancient question" not in {q.query for q in api.frequent_queries(days=1000)}


def test_command_lists_each_view_and_prunes(logged):
    out = StringIO()
    call_command("search_unmet", "--prune", stdout=out)
    assert "Pruned 1 entries" in out.getvalue()
    assert "open311 roadworks" in out.getvalue()
    assert not SearchLog.objects.filter(query="ancient question").exists()

    out = StringIO()
    call_command("search_unmet", "--no-clicks", stdout=out)
    assert "council tax single person" in out.getvalue()
    assert "bin collection" not in out.getvalue()

    out = StringIO()
    call_command("search_unmet", "--frequent", "--limit", "1", stdout=out)
    assert "open311 roadworks" in out.getvalue() and "bin collection" not in out.getvalue()


def test_command_explains_bad_arguments(db):
    with pytest.raises(CommandError, match="between 1 and 90"):
        call_command("search_unmet", "--days", "365")


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_staff_page_lists_the_search_log_and_hides_from_everyone_else(db, client, who):
    _log("<script>alert(1)</script> libraries", hits=0)
    _log("council tax single person", hits=3)
    _log("bin collection", hits=3, clicks=1)
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
    _unmet, rest = body.split('id="no-click-queries"')
    no_clicks, frequent = rest.split('id="frequent-queries"')
    assert "council tax single person" in no_clicks and "bin collection" not in no_clicks
    assert "bin collection" in frequent and "libraries" in frequent
