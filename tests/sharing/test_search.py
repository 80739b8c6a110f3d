"""Projects and artefacts in search, through search.api, on each backend (Elasticsearch in CI)."""

import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.sharing import services, uploads
from search import api
from search.backends import get_backend
from search.indexing import drain
from search.registry import documents_for
from tests.factories import CouncilFactory
from tests.sharing.factories import ServiceTopicFactory, member_of
from tests.sharing.files import make_docx, make_pdf

RUN_PREFIX = f"hubtest-sharing-{uuid.uuid4().hex[:8]}"
BACKENDS = ["database"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])

pytestmark = pytest.mark.django_db


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    settings.SEARCH_INDEX_PREFIX = RUN_PREFIX
    settings.SEARCH_INLINE = False
    settings.ELASTICSEARCH_URL = (
        os.environ["ELASTICSEARCH_URL"] if request.param == "elasticsearch" else ""
    )
    backend = get_backend()
    assert backend.name == request.param
    backend.clear()
    yield backend
    if request.param == "elasticsearch":
        backend.drop()


def index_all(backend):
    stats = drain(backend, include_waiting=True)
    assert not stats.failed, stats.errors
    backend.refresh()


@pytest.fixture
def shared(db):
    council = CouncilFactory(name="Leeds", slug="leeds")
    user = member_of(council)
    topic = ServiceTopicFactory(name="Bulky waste", slug="bulky-waste")
    project = services.project_create(
        user=user, title="Bulky booking", summary="Booking large items", services=[topic]
    )
    file = SimpleUploadedFile(
        "findings.docx", make_docx("Residents mentioned the zanzibar sofa problem repeatedly")
    )
    artefact = services.artefact_create(
        user=user, kind="research", title="Booking research", description="Interviews",
        licence="ogl-3", project=project, services=[topic], upload=uploads.check_upload(file),
    )  # fmt: skip
    return {"council": council, "topic": topic, "project": project, "artefact": artefact}


def test_search_finds_words_inside_the_uploaded_document(backend, shared):
    index_all(backend)
    page = api.search(query="zanzibar sofa", user=AnonymousUser())
    assert page.message == ""
    assert [hit.url for hit in page.hits] == [shared["artefact"].get_absolute_url()]


def test_projects_are_found_and_faceted_by_council_and_service(backend, shared):
    index_all(backend)
    page = api.search(
        query="bulky booking", user=AnonymousUser(), filters={"service": ["bulky-waste"]}
    )
    urls = {hit.url for hit in page.hits}
    assert shared["project"].get_absolute_url() in urls
    facets = {facet.name: {o.value: o.count for o in facet.options} for facet in page.facets}
    assert facets["council"]["leeds"] >= 1
    assert facets["type"].get("project") == 1
    none = api.search(query="bulky booking", user=AnonymousUser(), filters={"council": ["york"]})
    assert none.hits == []


def test_pdf_text_is_searchable_too(backend, db):
    user = member_of(CouncilFactory())
    services.artefact_create(
        user=user, kind="document", title="Plain title", description="d", licence="ask",
        upload=uploads.check_upload(SimpleUploadedFile("a.pdf", make_pdf("Quasar lamp column audit"))),
    )  # fmt: skip
    index_all(backend)
    assert [h.title for h in api.search(query="quasar", user=AnonymousUser()).hits] == [
        "Plain title"
    ]


def test_artefact_document_carries_facets_and_extracted_text(shared):
    (document,) = documents_for(shared["artefact"])
    assert document.doc_type == "artefact"
    assert "zanzibar sofa" in document.body
    assert document.services == ["bulky-waste"]
    assert document.council_slugs == ["leeds"]
    assert document.access == ["public"]
