"""Standards pages: what people see, without JavaScript, with fixed query counts."""

import json

import pytest
from django.urls import reverse

from hub.standards import services
from hub.standards.selectors import latest_version
from tests.factories import UserFactory
from tests.groups.factories import ServiceTopicFactory
from tests.standards.conftest import open_consultation
from tests.standards.factories import BODY_V2, StandardFactory, publish

pytestmark = pytest.mark.django_db


def test_second_editor_save_shows_conflict_and_keeps_their_text(client, standard, roles):
    base = standard.draft_revision
    services.standard_draft_save(
        standard=standard, editor=roles["convenor"], body="Convenor text", base_revision=base
    )
    client.force_login(roles["editor"])
    response = client.post(
        reverse("standards:edit", args=[standard.slug]),
        {"body": "My careful edit", "revision": base},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved the draft while you were editing" in html
    assert "My careful edit</textarea>" in html
    assert "Convenor text" in html  # their version, shown for comparison
    assert f'name="revision" value="{base + 1}"' in html


def test_comment_form_without_javascript_and_missing_anchor_404(client, standard, roles):
    open_consultation(standard, roles["convenor"])
    client.force_login(roles["outsider"])
    url = reverse("standards:comment", args=[standard.slug, "0.1", "collection-days-1"])
    assert b"Each property has" in client.get(url).content
    response = client.post(url, {"body": ""})
    assert b"Enter your comment." in response.content
    response = client.post(url, {"body": "Please add garden waste."})
    assert response.status_code == 302
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "Please add garden waste." in page
    missing = reverse("standards:comment", args=[standard.slug, "0.1", "no-such-anchor"])
    assert client.get(missing).status_code == 404


def test_markdown_is_sanitised_in_page_exports_and_diff(client, standard, roles):
    hostile = BODY_V2 + '\n<script>alert("x")</script>\n\n[x](javascript:alert(1))\n'
    publish(standard, roles["editor"], hostile)
    for url in [
        standard.get_absolute_url(),
        reverse("standards:export", args=[standard.slug, "0.2", "html"]),
        reverse("standards:diff", args=[standard.slug, "0.1", "0.2"]),
        reverse("standards:diff", args=[standard.slug, "0.1", "0.2"]) + "?view=side",
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert 'href="javascript:' not in html, url


def test_json_export_has_sections_with_anchors(client, standard):
    data = json.loads(
        client.get(reverse("standards:export", args=[standard.slug, "0.1", "json"])).content
    )
    assert [s["anchor"] for s in data["sections"]] == ["overview", "collection-days", "bin-types"]
    assert data["sections"][1]["blocks"][0]["anchor"] == "collection-days-1"
    md = client.get(reverse("standards:export", args=[standard.slug, "0.1", "md"]))
    assert md["Content-Type"].startswith("text/markdown")
    assert b"## Collection days {#collection-days}" in md.content


def test_feed_lists_versions_and_status_changes(client, standard, roles):
    open_consultation(standard, roles["convenor"])
    body = client.get(reverse("standards:feed", args=[standard.slug])).content.decode()
    assert "<feed" in body and "Version 0.1 published" in body and "In consultation" in body


def test_consultation_response_csv_lists_every_comment_safely(client, standard, roles):
    version = latest_version(standard)
    thread = services.thread_open(
        version=version, anchor="overview-1", author=roles["member"], body="=HYPERLINK(1)"
    )
    services.thread_decide(thread=thread, editor=roles["editor"], decision="reject", response="No")
    response = client.get(reverse("standards:consultation_response_csv", args=[standard.slug]))
    text = response.content.decode()
    assert "'=HYPERLINK(1)" in text and "rejected" in text
    html = client.get(reverse("standards:consultation_response", args=[standard.slug]))
    assert b"Rejected" in html.content


def test_follow_button_toggles(client, standard, roles):
    client.force_login(roles["outsider"])
    url = reverse("standards:follow", args=[standard.slug])
    client.post(url, {"following": "1"})
    assert b"Unfollow" in client.get(standard.get_absolute_url()).content
    client.post(url, {"following": "0"})
    assert b">Follow<" in client.get(standard.get_absolute_url()).content


def test_standard_page_query_count_is_fixed(client, standard, roles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = latest_version(standard)
    open_consultation(standard, roles["convenor"])
    client.force_login(roles["member"])

    def add_threads(count: int) -> None:
        for i in range(count):
            thread = services.thread_open(
                version=version, anchor="collection-days-1", author=UserFactory(), body=f"C {i}"
            )
            services.thread_reply(thread=thread, author=roles["editor"], body="Thanks")

    def queries_for_page() -> int:
        client.get(standard.get_absolute_url())  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(standard.get_absolute_url())
        assert response.status_code == 200
        return len(captured), response.content.decode().count("data-thread=")

    add_threads(2)
    few, shown = queries_for_page()
    assert shown == 2
    add_threads(10)
    many, shown = queries_for_page()
    assert shown == 12
    assert many == few, f"{few} queries with 2 threads but {many} with 12"
    assert many <= 40


def test_list_pages_query_counts_are_fixed(client, roles, django_assert_max_num_queries):
    for _ in range(15):
        publish(StandardFactory(group=roles["group"]), roles["editor"])
    for url in [reverse("standards:list"), reverse("groups:list")]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(25):
        client.get(roles["group"].get_absolute_url())


def test_council_and_home_pages_show_standards(client, standard, roles):
    council = roles["member"].profile.council
    services.adoption_declare(
        standard=standard, user=roles["member"], version=latest_version(standard)
    )
    assert standard.title.encode() in client.get(council.get_absolute_url()).content
    open_consultation(standard, roles["convenor"])
    assert standard.title.encode() in client.get("/").content


@pytest.mark.parametrize("parent", ["²", "9" * 30, "x"])
def test_thread_page_ignores_an_odd_parent_parameter(client, standard, roles, parent):
    thread = services.thread_open(
        version=latest_version(standard),
        anchor="collection-days-1",
        author=roles["member"],
        body="A question.",
    )
    response = client.get(thread.get_absolute_url(), {"parent": parent})
    assert response.status_code == 200


def test_feed_survives_control_characters_in_title_and_reason(client, standard, roles):
    standard.title = "Bins\x0b standard"
    standard.save(update_fields=["title"])
    services.standard_status_change(
        standard=standard,
        actor=roles["convenor"],
        to_status="withdrawn",
        reason="Pasted from Word\x0c",
    )
    response = client.get(reverse("standards:feed", args=[standard.slug]))
    assert response.status_code == 200
    assert b"Bins standard" in response.content and b"Pasted from Word" in response.content


def test_editors_tag_a_standard_with_services_in_its_details(client, standard, roles):
    bins, parking = ServiceTopicFactory(name="Bins"), ServiceTopicFactory(name="Parking")
    url = reverse("standards:settings", args=[standard.slug])
    details = {"title": standard.title, "summary": "S", "licence": standard.licence}
    client.force_login(roles["member"])
    assert client.post(url, {**details, "services": [bins.pk]}).status_code == 403
    assert not standard.services.exists()
    client.force_login(roles["editor"])
    assert 'name="services"' in client.get(url).content.decode()
    assert client.post(url, {**details, "services": [bins.pk, parking.pk]}).status_code == 302
    assert set(standard.services.all()) == {bins, parking}
    html = client.get(url).content.decode()
    assert f'value="{bins.pk}" checked' in html
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "data-services" in page and "Parking" in page
    assert client.post(url, {**details, "services": [parking.pk]}).status_code == 302
    assert list(standard.services.all()) == [parking]


def test_a_new_standard_can_be_tagged_with_services(client, roles):
    bins = ServiceTopicFactory(name="Bins")
    client.force_login(roles["editor"])
    response = client.post(
        reverse("standards:create", args=[roles["group"].slug]),
        {"title": "Bin days", "summary": "S", "licence": "OGL-UK-3.0", "services": [bins.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(roles["group"].standards.get(title="Bin days").services.all()) == [bins]


# --- Found when tried as a new user would -------------------------------------------------


def test_a_standard_with_1_0_published_is_not_shown_as_draft(client, standard, roles):
    publish(standard, roles["editor"], BODY_V2, bump="major")
    body = client.get(standard.get_absolute_url()).content.decode()
    assert 'data-status="published"' in body and ">Published<" in body
    listing = client.get(reverse("standards:list")).content.decode()
    assert 'data-status="published"' in listing


def test_history_lists_published_versions(client, standard, roles):
    publish(standard, roles["editor"], BODY_V2)
    body = client.get(standard.get_absolute_url()).content.decode()
    history = body[body.index("data-history") :]
    assert 'data-history-version="0.1"' in history and 'data-history-version="0.2"' in history


def test_comment_form_names_the_paragraph_and_links_back_to_it(client, standard, roles):
    version = latest_version(standard)
    block = version.blocks.exclude(heading_path="").first()
    client.force_login(roles["member"])
    body = client.get(
        reverse("standards:comment", args=[standard.slug, version.number, block.anchor])
    ).content.decode()
    assert f"#{block.anchor}</p>" in body and "· #<" not in body
    assert f'{version.get_absolute_url()}#{block.anchor}"' in body


def test_publish_page_radio_names_the_real_next_numbers(client, standard, roles):
    publish(standard, roles["editor"], BODY_V2)  # now 0.2
    client.force_login(roles["editor"])
    body = client.get(reverse("standards:publish", args=[standard.slug])).content.decode()
    assert "(0.2 to 0.3)" in body and "(0.2 to 1.0)" in body and "(0.1 to 0.2)" not in body


def test_deferring_a_comment_says_deferred(client, standard, roles):
    version = latest_version(standard)
    thread = services.thread_open(
        version=version,
        anchor=version.blocks.first().anchor,
        author=roles["member"],
        body="Please add weekends.",
    )
    client.force_login(roles["editor"])
    response = client.post(
        reverse("standards:thread_decide", args=[standard.slug, thread.pk]),
        {"decision": "defer", "response": "Next version."},
        follow=True,
    )
    body = response.content.decode()
    assert "marked deferred" in body and "marked resolved" not in body
