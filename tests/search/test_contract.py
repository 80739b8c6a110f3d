"""The definition of search behaviour: every test runs against each backend."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.markdown import markdown_to_text
from hub.councils.models import CouncilType, Nation
from search import api
from tests.core.test_markdown import XSS as XSS_CORPUS
from tests.factories import CouncilFactory, UserFactory
from tests.search.factories import note, now

pytestmark = pytest.mark.django_db


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


@pytest.fixture
def author(db):
    return UserFactory(profile__display_name="Priya Author", profile__handle="priya")


def test_ranking_prefers_title_and_more_matching_words(
    search_backend, note_adapter, reindex, author
):
    strong = note(author, "Garden waste subscriptions", "How we sell garden waste permits online.")
    weak = note(
        author, "Weekly update", "Also mentioned garden in passing among many other things."
    )
    note(author, "Parking permits", "Nothing relevant to this question at all.")
    reindex(*author.notifications.all())

    result = api.search(query="garden waste subscriptions", user=AnonymousUser())

    assert titles(result)[0] == "Garden waste subscriptions"
    assert set(titles(result)) == {"Garden waste subscriptions", "Weekly update"}
    assert result.hits[0].source.endswith(f":{strong.pk}")
    assert weak.pk != strong.pk


def test_stemming_matches_other_forms_of_a_word(search_backend, note_adapter, reindex, author):
    note(author, "Collecting payments", "We collected rent arrears by direct debit.")
    reindex(*author.notifications.all())

    result = api.search(query="collection", user=AnonymousUser())

    assert titles(result) == ["Collecting payments"]


def test_quoted_phrase_needs_the_words_together(search_backend, note_adapter, reindex, author):
    note(author, "Digital inclusion", "Our library runs a digital skills course for residents.")
    note(author, "Skills audit", "A digital team audit of skills across the library service.")
    reindex(*author.notifications.all())

    phrase = api.search(query='"digital skills"', user=AnonymousUser())
    loose = api.search(query="digital skills", user=AnonymousUser())

    assert titles(phrase) == ["Digital inclusion"]
    assert set(titles(loose)) == {"Digital inclusion", "Skills audit"}


def test_typo_tolerance_finds_the_intended_word(search_backend, note_adapter, reindex, author):
    note(author, "Recycling centre bookings", "Residents book a slot at the recycling centre.")
    note(author, "Housing allocations", "Choice-based lettings for social housing.")
    reindex(*author.notifications.all())

    result = api.search(query="recyclng", user=AnonymousUser())

    assert titles(result) == ["Recycling centre bookings"]
    assert result.suggestion == "recycling"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ctax", "Council tax reminders"),
        ("bins", "Refuse collection rounds"),
        ("freedom of information", "FOI request tracker"),
    ],
)
def test_synonyms_from_the_plain_file(
    search_backend, note_adapter, reindex, author, query, expected
):
    note(author, "Council tax reminders", "Email reminders before the instalment is due.")
    note(author, "Refuse collection rounds", "Optimising the rounds for our crews.")
    note(author, "FOI request tracker", "A tracker for requests and response deadlines.")
    note(author, "Unrelated", "Street naming and numbering.")
    reindex(*author.notifications.all())

    result = api.search(query=query, user=AnonymousUser())

    assert titles(result) == [expected]


def test_facets_count_and_filter(search_backend, note_adapter, reindex):
    district = CouncilFactory(council_type=CouncilType.DISTRICT, nation=Nation.ENGLAND)
    welsh = CouncilFactory(council_type=CouncilType.WELSH_UNITARY, nation=Nation.WALES)
    alice = UserFactory(profile__council=district, profile__bio="Planning portal work")
    bryn = UserFactory(profile__council=welsh, profile__bio="Planning portal too")
    note(alice, "Planning portal replacement", "Moving planning applications online.")
    note(alice, "Planning enforcement", "Tracking planning breaches.")
    note(bryn, "Planning in Wales", "Bilingual planning portal.")
    reindex(*alice.notifications.all(), *bryn.notifications.all(), alice.profile, bryn.profile)

    result = api.search(query="planning", user=AnonymousUser())
    facets = {f.name: {o.value: o.count for o in f.options} for f in result.facets}
    assert result.total == 5
    assert facets["type"] == {"note": 3, "profile": 2}
    assert facets["council_type"] == {"NMD": 3, "WPA": 2}
    assert facets["nation"] == {"England": 3, "Wales": 2}
    assert facets["council"] == {district.slug: 3, welsh.slug: 2}

    filtered = api.search(
        query="planning", user=AnonymousUser(), filters={"council_type": ["WPA"], "type": ["note"]}
    )
    assert titles(filtered) == ["Planning in Wales"]
    filtered_facets = {f.name: {o.value: o.count for o in f.options} for f in filtered.facets}
    # A field's own filter does not shrink its own counts, so more boxes can be ticked.
    assert filtered_facets["council_type"] == {"NMD": 2, "WPA": 1}
    assert filtered_facets["type"] == {"note": 1, "profile": 1}
    labels = {o.value: o.label for f in filtered.facets for o in f.options}
    assert labels["note"] == "Test notes"
    assert labels["WPA"] == "Welsh unitary authority"


def test_date_range_and_newest_sort(search_backend, note_adapter, reindex, author):
    old = now() - timedelta(days=400)
    note(author, "Chatbot pilot old", "Chatbot for council services.", when=old)
    note(author, "Chatbot pilot new", "Chatbot for council services, again.", when=now())
    reindex(*author.notifications.all())

    newest = api.search(query="chatbot", user=AnonymousUser(), sort="newest")
    recent = api.search(
        query="chatbot", user=AnonymousUser(), date_from=(now() - timedelta(days=30)).date()
    )

    assert titles(newest) == ["Chatbot pilot new", "Chatbot pilot old"]
    assert titles(recent) == ["Chatbot pilot new"]


def test_pagination(search_backend, note_adapter, reindex, author):
    for number in range(25):
        note(author, f"Accessibility statement {number}", "Accessibility audit findings.")
    reindex(*author.notifications.all())

    first = api.search(query="accessibility", user=AnonymousUser(), page=1)
    second = api.search(query="accessibility", user=AnonymousUser(), page=2)

    assert first.total == 25
    assert len(first.hits) == 20
    assert len(second.hits) == 5
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("viewer", ["anonymous", "outsider", "member"])
def test_permissions_filter_hits_and_facets(search_backend, note_adapter, reindex, author, viewer):
    from hub.groups.models import Membership, WorkingGroup

    group = WorkingGroup.objects.create(
        name="Secret", slug="secret", purpose="x", visibility=WorkingGroup.Visibility.MEMBERS
    )
    note(author, "Public parking review", "Parking review for everyone.")
    note(author, "Members parking notes", "Parking notes for signed-in members.", access="members")
    note(author, "Group parking draft", "Parking draft for the group.", access=f"group:{group.pk}")
    note(
        author, "Personal parking memo", "Parking memo for one person.", access=f"user:{author.pk}"
    )
    reindex(*author.notifications.all())
    user = AnonymousUser()
    if viewer != "anonymous":
        user = UserFactory()
    if viewer == "member":
        Membership.objects.create(group=group, user=user)

    result = api.search(query="parking", user=user)

    expected = {
        "anonymous": {"Public parking review"},
        "outsider": {"Public parking review", "Members parking notes"},
        "member": {"Public parking review", "Members parking notes", "Group parking draft"},
    }[viewer]
    assert set(titles(result)) == expected
    type_counts = {o.value: o.count for f in result.facets if f.name == "type" for o in f.options}
    assert type_counts == {"note": len(expected)}
    assert "draft" not in " ".join(h.title for h in api.autocomplete("Group", user=user)) or (
        viewer == "member"
    )


def test_deletion_and_hiding_propagate(search_backend, note_adapter, reindex, author):
    hidden = note(author, "Pothole reporting", "Report a pothole online.")
    deleted = note(author, "Pothole map", "A map of every pothole.")
    reindex(hidden, deleted)
    assert len(api.search(query="pothole", user=AnonymousUser()).hits) == 2

    hidden.read_at = now()  # the adapter returns [] for it now
    hidden.save(update_fields=["read_at"])
    deleted_pk = deleted.pk
    deleted.delete()
    deleted.pk = deleted_pk
    reindex(hidden, deleted)

    assert api.search(query="pothole", user=AnonymousUser()).hits == []


def test_updates_propagate(search_backend, note_adapter, reindex, author):
    item = note(author, "Street lighting", "LED replacement programme.")
    reindex(item)
    item.text = "Street lighting | Dimming schedule at midnight."
    item.save(update_fields=["text"])
    reindex(item)

    assert titles(api.search(query="dimming", user=AnonymousUser())) == ["Street lighting"]
    assert api.search(query="LED replacement", user=AnonymousUser()).hits == []


def test_highlighted_snippet_is_escaped(search_backend, note_adapter, reindex, author):
    note(author, "Script test", "<script>alert(1)</script> bus pass renewals online")
    reindex(*author.notifications.all())

    hit = api.search(query="renewals", user=AnonymousUser()).hits[0]

    assert "<script" not in hit.snippet_html
    assert "<mark>renewals</mark>" in hit.snippet_html
    assert hit.snippet_html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_autocomplete_titles(search_backend, note_adapter, reindex, author):
    note(author, "Bin collection calendar", "Dates.")
    note(author, "Members bin rota", "Rota.", access="members")
    reindex(*author.notifications.all())

    anonymous = [h.title for h in api.autocomplete("bin", user=AnonymousUser())]
    member = [h.title for h in api.autocomplete("bin", user=UserFactory())]
    middle = [h.title for h in api.autocomplete("collection", user=AnonymousUser())]

    assert anonymous == ["Bin collection calendar"]
    assert set(member) == {"Bin collection calendar", "Members bin rota"}
    assert middle == ["Bin collection calendar"]


def test_related_prior_work(search_backend, note_adapter, reindex, author):
    source = note(
        author, "Digital waste permits", "Selling garden waste permits online with payments."
    )
    note(author, "Garden waste permits online", "Our garden waste permits went online last year.")
    note(
        author,
        "Secret garden permits",
        "Garden waste permits online in the group.",
        access="group:999",
    )
    note(author, "Parking fines", "Appeals process for parking fines.")
    reindex(*author.notifications.all())

    related = [h.title for h in api.related(source, user=AnonymousUser())]

    assert related[0] == "Garden waste permits online"
    assert "Digital waste permits" not in related
    assert "Secret garden permits" not in related


def test_related_asks_only_for_the_titles_it_shows(
    search_backend, note_adapter, reindex, author, monkeypatch
):
    """The post page lists related titles: no facets, totals, snippets or bodies are fetched,
    and a signed-in viewer's access keys cost one query per kind (groups, private channels)."""
    source = note(author, "Digital waste permits", "Selling garden waste permits online.")
    for n in range(3):
        note(author, f"Garden waste permits {n}", "Our garden waste permits went online.")
    note(author, "Members garden permits", "Garden waste permits online.", access="members")
    reindex(*author.notifications.all())
    viewer = UserFactory()
    sent = []
    if search_backend.name == "elasticsearch":
        original = search_backend.client.search

        def recording(**kwargs):  # records what is sent, then sends it
            sent.append({**kwargs.get("body", {}), **kwargs})
            return original(**kwargs)

        monkeypatch.setattr(search_backend.client, "search", recording)

    with CaptureQueriesContext(connection) as queries:
        hits = api.related(source, user=viewer)

    assert {h.title for h in hits} == {
        "Garden waste permits 0", "Garden waste permits 1", "Garden waste permits 2",
        "Members garden permits",
    }  # fmt: skip
    assert all(h.snippet_html == "" and h.url for h in hits)
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "count(" not in sql and "group by" not in sql  # no total, no facet counts
    assert "ts_headline" not in sql and "snippet(" not in sql
    access_keys = 2  # group ids once (not once per adapter) + private channels
    expected = {"elasticsearch": 0, "postgresql": 3, "sqlite": 4}
    engine = "elasticsearch" if search_backend.name == "elasticsearch" else connection.vendor
    assert len(queries) == access_keys + expected[engine], sql
    for request in sent:
        assert request.get("track_total_hits") is False
        assert not request.get("aggs") and not request.get("aggregations")
        assert not request.get("highlight") and not request.get("suggest")
    if search_backend.name == "elasticsearch":
        assert len(sent) == 2  # the source's own documents, then more-like-this
        assert "body" in sent[-1]["_source"]["excludes"]


@pytest.mark.parametrize(
    "query",
    [
        'title:bins AND (waste OR "',
        '"unbalanced quote',
        "\x00\x1f\u202e bins \ufeff",
        '{"query": {"match_all": {}}}',
        "*:*",
        "bins~2^5 /regex.*/",
        "🗑️ bins 🚮",
        "a" * 499,
    ],
)
def test_odd_input_returns_results_or_a_message(
    search_backend, note_adapter, reindex, author, query
):
    note(author, "Bins", "Bins collected weekly.")
    reindex(*author.notifications.all())

    result = api.search(query=query, user=AnonymousUser())

    assert result.searched or result.message


def test_huge_input_gets_a_clear_message(search_backend):
    result = api.search(query="bins " * 200, user=AnonymousUser())

    assert result.message == "Search for 500 characters or fewer."
    assert result.hits == []


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_snippets_are_escaped_exactly_once(search_backend, note_adapter, reindex, author, payload):
    """Markdown text reaches the index unescaped, and the snippet escapes it once: no tag but
    <mark> survives, and nobody sees "&amp;amp;", "&amp;lt;" or "&amp;nbsp;"."""
    body = markdown_to_text(f"{payload} renewals for Tom &amp; Jerry&nbsp;today, a < b")
    note(author, "Bus pass", body)
    reindex(*author.notifications.all())

    result = api.search(query="renewals", user=AnonymousUser())

    snippet = result.hits[0].snippet_html
    assert "<mark>renewals</mark>" in snippet
    assert not re.findall(r"<(?!/?mark>)", snippet), snippet
    assert "&amp;amp;" not in snippet and "&amp;lt;" not in snippet
    assert "nbsp" not in snippet and "Tom &amp; Jerry" in snippet
    assert "nbsp" not in api.search(query="nbsp", user=AnonymousUser()).suggestion
    assert not api.search(query="nbsp", user=AnonymousUser()).hits


def test_imported_councils_are_searchable_without_a_reindex(search_backend, reindex):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    fixture = Path(__file__).parent.parent / "fixtures" / "councils.csv"
    call_command("import_councils", str(fixture), stdout=StringIO(), stderr=StringIO())
    reindex()  # drains what the import queued, as the worker would

    hits = api.search(query="Adur", user=AnonymousUser()).hits

    assert [h.doc_id.split(":")[0] for h in hits][:1] == ["council"]
    assert hits[0].title == "Adur"
