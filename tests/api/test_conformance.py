"""Schemas, validator runs and conformance results through the API: the same services and
selectors as the standards pages, the same permissions (members-only → 404), the same limits."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.api.models import SCOPES
from hub.standards.demo_schemas import SCHEMA_V1, document_bytes, openapi_for
from hub.standards.models import ValidationRun
from hub.standards.selectors import latest_version
from hub.standards.services import adoption_declare, draft_part_save, endpoint_check
from tests.api.conftest import ApiClient, make_token
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory
from tests.standards.factories import publish

pytestmark = pytest.mark.django_db

INVALID = """{"council": "E06000001", "generated_at": "2026-12-01T06:00:00Z",
"records": [{"uprn": "1", "collections": [{"service": "compost", "date": "2026-12-01"}]}]}"""


@pytest.fixture
def schema_version(world):
    """closed-standard 0.2: the demo bin-collection schema and its OpenAPI description."""
    standard, editor = world["standard"], world["editor"]
    draft_part_save(
        standard=standard, editor=editor, name="schema", kind="schema", text=json.dumps(SCHEMA_V1)
    )
    draft_part_save(
        standard=standard,
        editor=editor,
        name="api",
        kind="openapi",
        text=json.dumps(openapi_for(SCHEMA_V1)),
    )
    version = publish(standard, editor)
    assert version.number == "0.2"
    return version


BASE = "/api/v1/standards/closed-standard/versions/0.2"


def _member(world, scopes=None) -> ApiClient:
    return ApiClient(make_token(world["member"], scopes))


def test_a_versions_schemas_and_validator_targets_are_listed(world, schema_version):
    body = _member(world).get(f"{BASE}/schemas").json()
    assert body["main_schema"] == "schema"
    assert {(p["name"], p["kind"]) for p in body["parts"]} == {
        ("schema", "schema"),
        ("api", "openapi"),
    }
    assert body["validation_targets"][0]["key"] == "schema"
    assert any(t["key"].startswith("openapi:") for t in body["validation_targets"])
    part = next(p for p in body["parts"] if p["name"] == "schema")
    assert part["url"] == reverse("standards:part", args=["closed-standard", "0.2", "schema"])


def test_one_schema_is_its_json_document(world, schema_version):
    body = _member(world).get(f"{BASE}/schemas/schema").json()
    assert body["document"] == SCHEMA_V1
    assert _member(world).get(f"{BASE}/schemas/nope").status_code == 404


@pytest.mark.parametrize("number", ["9.9", "x.1", "².1", "1.²", "1", "99999999999.1"])
@pytest.mark.parametrize("path", ["", "/schemas"])
def test_odd_version_numbers_are_404_not_500(world, schema_version, number, path):
    url = f"/api/v1/standards/closed-standard/versions/{number}{path}"
    response = _member(world).get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_odd_version_filter_is_a_422(world):
    response = _member(world).get("/api/v1/standards/closed-standard/threads", {"version": "².1"})
    assert response.status_code == 422


def test_pasted_data_is_validated_at_once_and_the_report_can_be_read_again(world, schema_version):
    client = _member(world)
    response = client.post_json(f"{BASE}/validation-runs", {"target": "schema", "text": INVALID})
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["state"] == "done" and run["conforms"] is False
    assert run["checked_against"] == "schema" and run["version"] == "0.2"
    error = next(e for e in run["errors"] if e["pointer"].endswith("/service"))
    assert error["kind"] == "enum" and error["line"] == 2
    stored = ValidationRun.objects.get(token=run["id"])
    assert stored.created_by == world["member"] and stored.source == "paste"
    again = client.get(f"{BASE}/validation-runs/{run['id']}")
    assert again.status_code == 200 and again.json()["errors"] == run["errors"]
    assert run["url"].endswith(stored.get_absolute_url())


def test_conformant_data_conforms(world, schema_version):
    response = _member(world).post_json(
        f"{BASE}/validation-runs", {"text": document_bytes(3).decode()}
    )
    assert response.status_code == 201
    assert response.json()["conforms"] is True and response.json()["records"] == 3


def test_bad_input_is_a_clear_422_and_no_run(world, schema_version):
    client = _member(world)
    both = client.post_json(f"{BASE}/validation-runs", {"text": "{}", "url": "https://x.test/"})
    neither = client.post_json(f"{BASE}/validation-runs", {})
    target = client.post_json(f"{BASE}/validation-runs", {"text": "{}", "target": "nope"})
    for response in (both, neither, target):
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "invalid" and response.json()["message"]
    assert not ValidationRun.objects.exists()


def test_not_json_ends_as_a_failed_run_not_an_error(world, schema_version):
    response = _member(world).post_json(f"{BASE}/validation-runs", {"text": "not json {"})
    assert response.status_code == 201
    assert response.json()["state"] == "failed" and response.json()["failure"]


def test_a_web_address_is_fetched_and_checked(
    world, schema_version, loopback_server, django_capture_on_commit_callbacks
):
    loopback_server.serve("/bins.json", document_bytes(5))
    # The job queue runs the fetch after commit (immediately in tests).
    with django_capture_on_commit_callbacks(execute=True):
        response = _member(world).post_json(
            f"{BASE}/validation-runs", {"url": loopback_server.url("/bins.json")}
        )
    assert response.status_code == 201
    run = response.json()
    assert run["source"] == "url" and run["state"] == "queued"
    body = _member(world).get(f"{BASE}/validation-runs/{run['id']}").json()
    assert body["state"] == "done" and body["conforms"] is True and body["records"] == 5


def test_validator_runs_share_the_pages_hourly_limit(world, schema_version, settings):
    settings.STANDARDS_VALIDATION_RATE = "2/h"
    client = _member(world)
    statuses = [
        client.post_json(f"{BASE}/validation-runs", {"text": "{}"}).status_code for _ in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_a_read_only_token_cannot_run_the_validator(world, schema_version):
    client = _member(world, [s for s in SCOPES if s.endswith(":read")])
    response = client.post_json(f"{BASE}/validation-runs", {"text": "{}"})
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert not ValidationRun.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "moderator", None])
def test_reports_and_schemas_of_members_only_standards_are_404_to_outsiders(
    world, schema_version, role
):
    run = _member(world).post_json(f"{BASE}/validation-runs", {"text": "{}"}).json()
    client = ApiClient(make_token(world[role])) if role else ApiClient()
    for path in (
        f"{BASE}/schemas",
        f"{BASE}/schemas/schema",
        f"{BASE}/validation-runs/{run['id']}",
        "/api/v1/standards/closed-standard/conformance",
    ):
        response = client.get(path)
        assert response.status_code == 404, (path, role)
        assert "closed" not in response.content.decode().lower()


def test_a_report_is_only_found_under_its_own_version(world, schema_version):
    run = _member(world).post_json(f"{BASE}/validation-runs", {"text": "{}"}).json()
    wrong = _member(world).get(
        f"/api/v1/standards/closed-standard/versions/0.1/validation-runs/{run['id']}"
    )
    assert wrong.status_code == 404


def test_conformance_results_follow_the_endpoint_checks(world, schema_version, loopback_server):
    loopback_server.serve("/bin-collections", document_bytes(4))
    declarer = world["member"]
    declarer.profile.council_verified = True
    declarer.profile.save(update_fields=["council_verified"])
    client = _member(world)
    declared = client.post_json(
        "/api/v1/standards/closed-standard/adoptions",
        {"version": "0.2", "endpoint_url": loopback_server.url("/bin-collections")},
    )
    assert declared.status_code == 201, declared.content
    adoption = declared.json()
    assert adoption["conformance_state"] == "not_checked"
    assert adoption["endpoint_url"] == loopback_server.url("/bin-collections")

    before = client.get("/api/v1/standards/closed-standard/conformance").json()
    assert before["counts"] == {
        "declared": 1,
        "with_endpoint": 1,
        "conformant": 0,
        "failing": 0,
        "not_checked": 1,
    }
    from hub.standards.models import Adoption

    endpoint_check(adoption=Adoption.objects.get(pk=adoption["id"]))
    loopback_server.serve("/bin-collections", INVALID.encode())
    endpoint_check(adoption=Adoption.objects.get(pk=adoption["id"]))

    after = client.get("/api/v1/standards/closed-standard/conformance").json()
    council = after["councils"][0]
    assert after["counts"]["failing"] == 1 and council["state"] == "failing"
    assert council["council"] == world["council"].slug and council["version"] == "0.2"
    checks = client.get(
        f"/api/v1/standards/closed-standard/adoptions/{adoption['id']}/checks"
    ).json()
    assert [c["conforms"] for c in checks] == [False, True]
    report = client.get(f"{BASE}/validation-runs/{council['last_report']}").json()
    assert report["source"] == "endpoint" and report["conforms"] is False
    assert report["id"] == checks[0]["report"]


def test_checks_of_another_standards_declaration_are_404(world, schema_version):
    other = UserFactory(profile__council=CouncilFactory())
    MembershipFactory(group=world["public_group"], user=other)
    from tests.standards.factories import StandardFactory

    public = StandardFactory(group=world["public_group"], slug="open-standard")
    publish(public, world["convenor"])
    adoption = adoption_declare(standard=public, user=other, version=latest_version(public))
    client = _member(world)
    assert (
        client.get(f"/api/v1/standards/open-standard/adoptions/{adoption.pk}/checks").json() == []
    )
    wrong = client.get(f"/api/v1/standards/closed-standard/adoptions/{adoption.pk}/checks")
    assert wrong.status_code == 404


def _declare_with_checks(world, version, loopback_server, checks: int):
    declarer = UserFactory(profile__council=CouncilFactory())
    MembershipFactory(group=world["group"], user=declarer)
    adoption = adoption_declare(
        standard=world["standard"],
        user=declarer,
        version=version,
        endpoint_url=loopback_server.url("/bin-collections"),
    )
    for _ in range(checks):
        endpoint_check(adoption=adoption)
    return adoption


def test_conformance_and_check_lists_run_a_fixed_number_of_queries(
    world, schema_version, loopback_server
):
    loopback_server.serve("/bin-collections", document_bytes(2))
    client = _member(world)
    client.get("/api/v1/standards")  # records the token's last use (once a minute)
    one = _declare_with_checks(world, schema_version, loopback_server, 1)
    paths = {
        "conformance": "/api/v1/standards/closed-standard/conformance",
        "checks": f"/api/v1/standards/closed-standard/adoptions/{one.pk}/checks",
    }

    def counts():
        found = {}
        for name, path in paths.items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found[name] = len(queries)
        return found

    few = counts()
    for _ in range(11):
        _declare_with_checks(world, schema_version, loopback_server, 1)
    for _ in range(11):
        endpoint_check(adoption=one)
    many = counts()
    body = client.get(paths["conformance"]).json()
    assert len(body["councils"]) == 12 and len(client.get(paths["checks"]).json()) == 12
    # token, standard (with its counts), then the register / the declaration and its checks
    assert few == many == {"conformance": 3, "checks": 4}
