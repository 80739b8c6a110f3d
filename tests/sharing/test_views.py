"""Pages: who may see and change what, uploads over HTTP (hostile ones too), downloads, lists."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from hub.sharing.models import Artefact, Collaboration, Phase, Project, Reuse
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.sharing.conftest import stored_files
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory, member_of
from tests.sharing.files import make_docx, make_pdf

pytestmark = pytest.mark.django_db


def multipart(fields: dict, *, filename: str, data: bytes, content_type="application/octet-stream"):
    """A multipart body written by hand, so the file name reaches the server exactly as given."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def artefact_fields(**overrides) -> dict:
    fields = {
        "title": "Bin sticker trial",
        "kind": "research",
        "description": "What we learned",
        "licence": "ogl-3",
        "url": "",
        "tags": "bins, stickers",
    }
    fields.update(overrides)
    return fields


def post_upload(client, *, filename, data, url=None, **overrides):
    body, content_type = multipart(artefact_fields(**overrides), filename=filename, data=data)
    return client.generic(
        "POST", url or reverse("sharing:artefact_new"), body, content_type=content_type
    )


@pytest.fixture
def sharer(client):
    user = member_of(CouncilFactory(name="Leeds", slug="leeds"))
    client.force_login(user)
    return user


# --- Public pages ------------------------------------------------------------------------------


def test_anyone_can_read_projects_artefacts_and_services(client):
    topic = ServiceTopicFactory(name="Missed bins")
    project = ProjectFactory(services=[topic])
    artefact = ArtefactFactory(services=[topic], project=project)
    for url in (
        reverse("sharing:projects"),
        project.get_absolute_url(),
        reverse("sharing:artefacts"),
        artefact.get_absolute_url(),
        reverse("sharing:services"),
        topic.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert project.title in client.get(topic.get_absolute_url()).content.decode()


def test_project_summary_markdown_is_sanitised(client):
    project = ProjectFactory(summary="**bold** <script>alert(1)</script>")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)" not in html


def test_project_list_query_count_is_pinned(client, django_assert_max_num_queries):
    topic = ServiceTopicFactory()
    for _ in range(12):
        ProjectFactory(services=[topic])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sharing:projects"))
    assert response.content.decode().count("govuk-tag--blue") == 12


def test_artefact_list_query_count_is_pinned(client, django_assert_max_num_queries):
    for _ in range(12):
        ArtefactFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sharing:artefacts"))
    assert response.status_code == 200


def test_service_list_counts_work_per_service_in_pinned_queries(
    client, django_assert_max_num_queries
):
    for _ in range(20):
        ServiceTopicFactory()
    topic = ServiceTopicFactory(name="Counted service")
    for _ in range(3):
        ProjectFactory(services=[topic])
    for _ in range(2):
        ArtefactFactory(services=[topic])
    with django_assert_max_num_queries(4):
        response = client.get(reverse("sharing:services"))
    counted = next(t for t in response.context["topics"] if t.pk == topic.pk)
    assert (counted.project_count, counted.artefact_count) == (3, 2)


# --- Registering and changing projects ------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("sharing:project_new"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_member_without_a_council_is_sent_to_their_profile(client):
    client.force_login(UserFactory())
    response = client.get(reverse("sharing:project_new"))
    assert response.url == reverse("accounts:edit")


def test_register_project_form_errors_keep_what_was_typed(client, sharer):
    response = client.post(
        reverse("sharing:project_new"), {"title": "", "summary": "Kept text", "phase": "alpha"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the project&#x27;s name" in html
    assert "Kept text" in html
    assert not Project.objects.exists()


def test_oversized_summary_is_rejected_not_truncated(client, sharer):
    response = client.post(
        reverse("sharing:project_new"),
        {"title": "T", "summary": "x" * 10_001, "phase": "alpha"},
    )
    assert "at most 10000 characters" in response.content.decode()
    assert not Project.objects.exists()


def test_register_project(client, sharer):
    topic = ServiceTopicFactory()
    response = client.post(
        reverse("sharing:project_new"),
        {"title": "Bin day", "summary": "S", "phase": "alpha", "services": [topic.pk],
         "collaboration_welcome": "on", "tags": "bins"},
    )  # fmt: skip
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.phase == Phase.ALPHA and project.owner_council == sharer.profile.council


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("lead", 200), ("verified colleague", 200), ("unverified colleague", 404),
     ("other council", 404), ("moderator", 200)],
)  # fmt: skip
def test_who_may_open_the_edit_page(client, role, status):
    project = ProjectFactory()
    user = {
        "anonymous": lambda: None,
        "lead": lambda: project.lead,
        "verified colleague": lambda: member_of(project.owner_council, verified=True),
        "unverified colleague": lambda: member_of(project.owner_council),
        "other council": lambda: member_of(CouncilFactory(), verified=True),
        "moderator": ModeratorFactory,
    }[role]()
    if user:
        client.force_login(user)
    assert client.get(reverse("sharing:project_edit", args=[project.slug])).status_code == status
    assert client.get(reverse("sharing:project_phase", args=[project.slug])).status_code == status


def test_phase_change_through_the_page(client):
    project = ProjectFactory(phase=Phase.ALPHA)
    client.force_login(project.lead)
    response = client.post(
        reverse("sharing:project_phase", args=[project.slug]),
        {"phase": "beta", "note": "Public beta"},
    )
    assert response.status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Alpha to beta" in page and "Public beta" in page


def test_collaboration_request_and_decision_pages(client):
    project = ProjectFactory()
    asker = member_of(CouncilFactory(name="York"))
    client.force_login(asker)
    client.post(reverse("sharing:project_collaborate", args=[project.slug]), {"message": "Hi"})
    collaboration = Collaboration.objects.get()
    decide = reverse("sharing:collaboration_decide", args=[project.slug, collaboration.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404  # not theirs to decide
    client.force_login(project.lead)
    assert "Requests waiting for you" in client.get(project.get_absolute_url()).content.decode()
    client.post(decide, {"decision": "approve"})
    collaboration.refresh_from_db()
    assert collaboration.state == Collaboration.State.APPROVED


def test_posts_need_a_csrf_token():
    project = ProjectFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(project.lead)
    assert client.post(reverse("sharing:project_reuse", args=[project.slug])).status_code == 403
    body, content_type = multipart(artefact_fields(), filename="a.pdf", data=make_pdf("x"))
    response = client.generic(
        "POST", reverse("sharing:artefact_new"), body, content_type=content_type
    )
    assert response.status_code == 403  # the upload view checks CSRF too, after set-up
    assert not Artefact.objects.exists()


# --- Uploads over HTTP -------------------------------------------------------------------------


def test_pdf_upload_is_shared_and_downloaded_safely(client, sharer, media_root):
    response = post_upload(client, filename="Bin trial.pdf", data=make_pdf("Sticker trial results"))
    artefact = Artefact.objects.get()
    assert response.status_code == 302 and response.url == artefact.get_absolute_url()
    assert artefact.file_type == "pdf" and "Sticker trial results" in artefact.extracted_text
    assert len(stored_files(media_root)) == 1
    download = client.get(reverse("sharing:artefact_download", args=[artefact.slug]))
    assert download["Content-Disposition"] == 'attachment; filename="Bin trial.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_html_upload_is_served_as_an_attachment_not_rendered(client, sharer):
    post_upload(client, filename="page.html", data=b"<html><body><p>Words</p></body></html>")
    artefact = Artefact.objects.get()
    download = client.get(reverse("sharing:artefact_download", args=[artefact.slug]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 300, "The file is a program"),
        (
            "report.pdf",
            b"<!doctype html><html><script>alert(1)</script></html>",
            "its content is HTML",
        ),
        ("report.pdf", make_docx("hello"), "its content is Word document"),
        ("../../etc/evil.pdf", make_pdf("x"), "looks like a path"),
        ("..\\..\\evil.pdf", make_pdf("x"), "looks like a path"),
        ("..", make_pdf("x"), "looks like a path"),
        ("evil\x01name.pdf", make_pdf("x"), "control characters"),
        ("tool.exe", b"MZ" + b"\x00" * 300, "program"),
    ],
)
def test_hostile_uploads_are_rejected_with_a_message_and_nothing_is_stored(
    client, sharer, media_root, filename, data, message
):
    response = post_upload(client, filename=filename, data=data, kind="document")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html.replace("&#x27;", "'")
    assert "Bin sticker trial" in html  # what they typed is kept
    assert not Artefact.objects.exists()
    assert stored_files(media_root) == []


def test_oversized_upload_is_rejected_while_streaming(client, sharer, media_root, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    response = post_upload(client, filename="big.pdf", data=make_pdf("x") + b"0" * 20_000)
    assert "The file must be smaller than 10 KB" in response.content.decode()
    assert not Artefact.objects.exists() and stored_files(media_root) == []


def test_malformed_pdf_is_kept_and_the_failure_is_shown(client, sharer):
    post_upload(client, filename="broken.pdf", data=b"%PDF-1.7\n\x00\xff garbage without structure")
    artefact = Artefact.objects.get()
    assert artefact.extraction_status in {"failed", "empty"}
    assert artefact.extracted_text == ""


def test_document_kind_needs_a_file_and_link_needs_an_address(client, sharer):
    response = client.post(reverse("sharing:artefact_new"), artefact_fields(kind="document"))
    assert "Upload the document" in response.content.decode()
    response = client.post(reverse("sharing:artefact_new"), artefact_fields(kind="link"))
    assert "Enter the web address" in response.content.decode()


def test_artefact_for_another_councils_project_is_404(client, sharer):
    project = ProjectFactory()
    response = client.get(reverse("sharing:artefact_new") + f"?project={project.slug}")
    assert response.status_code == 404


def test_editing_replaces_the_file_and_removes_the_old_one(
    client, sharer, media_root, django_capture_on_commit_callbacks
):
    post_upload(client, filename="v1.txt", data=b"version one")
    artefact = Artefact.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(
            client, filename="v2.txt", data=b"version two",
            url=reverse("sharing:artefact_edit", args=[artefact.slug]),
            councils=str(sharer.profile.council.pk),
        )  # fmt: skip
    artefact.refresh_from_db()
    assert artefact.file_name == "v2.txt" and "version two" in artefact.extracted_text
    assert len(stored_files(media_root)) == 1


# --- Reuse ------------------------------------------------------------------------------------


def test_my_council_uses_this_too(client):
    artefact = ArtefactFactory()
    reuser = member_of(CouncilFactory(name="Wokingham", slug="wokingham"))
    client.force_login(reuser)
    response = client.post(
        reverse("sharing:artefact_reuse", args=[artefact.slug]), {"reusing": "1"}
    )
    assert response.status_code == 302
    page = client.get(artefact.get_absolute_url()).content.decode()
    assert "Councils using this too (1)" in page and "Wokingham no longer uses this" in page
    council_page = client.get(reverse("councils:detail", args=["wokingham"])).content.decode()
    assert artefact.title in council_page
    client.post(reverse("sharing:artefact_reuse", args=[artefact.slug]), {"reusing": "0"})
    assert not Reuse.objects.exists()


def test_council_page_shows_projects_artefacts_and_collaborations(client):
    owner = CouncilFactory(slug="owner")
    project = ProjectFactory(owner_council=owner, title="Owner project")
    ArtefactFactory(councils=[owner], title="Owner artefact")
    partner = CouncilFactory(slug="partner")
    Collaboration.objects.create(
        project=project, council=partner, state=Collaboration.State.APPROVED
    )
    owner_page = client.get(reverse("councils:detail", args=["owner"])).content.decode()
    assert "Owner project" in owner_page and "Owner artefact" in owner_page
    partner_page = client.get(reverse("councils:detail", args=["partner"])).content.decode()
    assert "Collaborating on" in partner_page and "Owner project" in partner_page


def test_projects_filtered_by_tag_offer_a_follow_button(client):
    tagged = ProjectFactory(title="Tagged one")
    tagged.tags.set(["open source"])
    ProjectFactory(title="Untagged one")
    client.force_login(UserFactory())
    html = client.get(reverse("sharing:projects") + "?tag=open+source").content.decode()
    assert "Tagged one" in html and "Untagged one" not in html
    assert 'data-follow-type="tag"' in html
