"""The search page (no JavaScript needed) and the JSON endpoints."""

import pytest
from django.urls import reverse

from tests.factories import CouncilFactory, UserFactory
from tests.search.factories import note

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(search_backend, note_adapter, reindex):
    council = CouncilFactory(name="Northshire", council_type="NMD")
    author = UserFactory(profile__council=council, profile__display_name="Sam Writer")
    for number in range(25):
        note(author, f"Bin collection change {number}", "We moved <b>bin</b> collection days.")
    note(author, "Members bin review", "Bins for members only.", access="members")
    reindex(*author.notifications.all())
    return council


def test_search_page_shows_hits_with_type_snippet_council_author_and_link(client, content):
    response = client.get(reverse("search:search"), {"q": "bin collection"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "25 results" in html
    assert "Test notes" in html  # the type label, from the adapter
    assert "<mark>" in html  # highlighted
    assert "<b>" not in html  # user text escaped (PostgreSQL's headline drops tags entirely)
    assert "Northshire" in html and "Sam Writer" in html
    assert 'href="/search/click/?to=%2Fnotes%2F' in html  # counted, then redirected
    assert 'class="govuk-pagination"' in html
    assert "Members bin review" not in html


def test_search_page_facets_are_checkboxes_in_a_get_form(client, content):
    response = client.get(reverse("search:search"), {"q": "bin", "council_type": "NMD"})

    html = response.content.decode()
    assert 'method="get"' in html
    assert 'type="checkbox" value="NMD" checked' in html
    assert "Non-metropolitan district (25)" in html


def test_member_sees_members_only_results(client, content):
    client.force_login(UserFactory())

    response = client.get(reverse("search:search"), {"q": "bin review"})

    assert "Members bin review" in response.content.decode()


def test_search_page_query_count_is_pinned(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(17):
        response = client.get(reverse("search:search"), {"q": "bin collection", "page": 2})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 600},
        {"q": 'title:bin AND ("'},
        {"q": "\x00\x01"},
        {"q": "bin", "page": "lots"},
        {"q": "bin", "page": "99999"},
        {"q": "bin", "from": "31/02/2025"},
        {"q": "bin", "sort": "'; drop table"},
        {"q": "bin", "type": ["x" * 500] * 50},
    ],
)
def test_bad_input_never_errors(client, content, params):
    response = client.get(reverse("search:search"), params)

    assert response.status_code == 200


def test_too_long_query_gets_a_message(client, content):
    response = client.get(reverse("search:search"), {"q": "x" * 600})

    assert "Search for 500 characters or fewer." in response.content.decode()


def test_invalid_date_shows_error_summary(client, content):
    response = client.get(reverse("search:search"), {"q": "bin", "from": "2025-02-31"})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "From date must be a real date" in html


def test_did_you_mean_links_to_the_corrected_search(client, content):
    response = client.get(reverse("search:search"), {"q": "colection"})

    html = response.content.decode()
    assert 'id="did-you-mean"' in html
    assert "q=collection" in html


def test_json_api(client, content):
    response = client.get(reverse("search:api"), {"q": "bin", "type": "note"})

    data = response.json()
    assert data["total"] == 25
    assert data["pages"] == 2
    assert data["results"][0]["type_label"] == "Test notes"
    assert "<mark>" in data["results"][0]["snippet_html"]
    assert data["facets"]["type"] == [
        {"value": "note", "label": "Test notes", "count": 25, "selected": True}
    ]


def test_autocomplete_json(client, content):
    response = client.get(reverse("search:autocomplete"), {"q": "bin col"})

    results = response.json()["results"]
    assert results and all(r["title"].startswith("Bin collection") for r in results)
    assert all("Members" not in r["title"] for r in results)
