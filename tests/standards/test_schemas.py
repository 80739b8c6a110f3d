"""Machine-readable parts of a standard: saved checked, revision-checked, frozen on publish,
downloadable at stable addresses, diffed between versions with breaking changes flagged."""

import copy
import json

import pytest
from django.urls import reverse

from hub.standards import services
from hub.standards.demo_schemas import SCHEMA_V1, SCHEMA_V2
from hub.standards.schema_diff import schema_diff
from hub.standards.selectors import latest_version, version_parts
from tests.standards.conftest import make_members_only, save_part
from tests.standards.factories import BODY_V2, publish

pytestmark = pytest.mark.django_db


def test_broken_json_is_refused_with_line_and_column_and_the_text_is_kept(client, standard, roles):
    client.force_login(roles["editor"])
    broken = '{\n  "type": "object",\n  "properties": {"a": {"type": "string"}\n}'
    response = client.post(
        reverse("standards:parts", args=[standard.slug]),
        {"name": "schema", "kind": "schema", "text": broken},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not valid JSON: line 4, column 2" in body
    assert "&quot;properties&quot;: {&quot;a&quot;" in body  # the editor's text is still there
    assert not standard.schema_parts.exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "strnig"}, "Not a valid JSON Schema: at /type"),
        ({"properties": {"a": {"minimum": "one"}}}, "at /properties/a/minimum"),
        ({"$ref": "https://evil.example/schema.json"}, "only references inside this document"),
        ({"$ref": "#/$defs/missing"}, "Not a usable JSON Schema"),
        ({"$schema": "http://json-schema.org/draft-07/schema#"}, "JSON Schema 2020-12"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_a_broken_schema_is_refused_with_the_exact_error(standard, roles, document, message):
    with pytest.raises(services.InvalidInput) as caught:
        save_part(standard, roles["editor"], "schema", "schema", document)
    assert message in caught.value.message


def test_a_broken_openapi_description_is_refused(standard, roles):
    with pytest.raises(services.InvalidInput, match="openapi"):
        save_part(standard, roles["editor"], "api", "openapi", {"openapi": "3.0.0"})
    with pytest.raises(services.InvalidInput, match=r"Not a valid OpenAPI 3\.1"):
        save_part(standard, roles["editor"], "api", "openapi", {"openapi": "3.1.0", "paths": 5})


def test_parts_are_revision_checked_like_the_draft(client, standard, roles):
    part = save_part(standard, roles["editor"], "schema", "schema", SCHEMA_V1)
    save_part(standard, roles["convenor"], "schema", "schema", SCHEMA_V2, revision=part.revision)
    client.force_login(roles["editor"])
    mine = json.dumps({"type": "object", "title": "Mine"})
    response = client.post(
        reverse("standards:part_edit", args=[standard.slug, "schema"]),
        {"kind": "schema", "text": mine, "revision": part.revision},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "data-conflict" in body
    assert "saved “schema” while you were editing" in body
    assert "&quot;title&quot;: &quot;Mine&quot;" in body  # my text kept in the form
    stored = standard.schema_parts.get(version__isnull=True)
    assert json.loads(stored.text) == SCHEMA_V2 and stored.revision == 2


def test_only_editors_change_parts(client, standard, roles):
    with pytest.raises(services.NotAllowed):
        save_part(standard, roles["member"], "schema", "schema", SCHEMA_V1)
    client.force_login(roles["member"])
    assert client.get(reverse("standards:parts", args=[standard.slug])).status_code == 403


def test_publishing_freezes_the_parts_at_stable_addresses(client, schema_standard, roles):
    version = latest_version(schema_standard)
    assert version.number == "1.0"
    assert {p.name for p in version_parts(version)} == {"schema", "api"}
    url = reverse("standards:schema", args=[schema_standard.slug, "1.0"])
    assert url.endswith("/v/1.0/schema.json")
    response = client.get(url)
    assert response["Content-Type"].startswith("application/schema+json")
    assert json.loads(response.content) == SCHEMA_V1
    # Editing the draft afterwards changes nothing published.
    draft = schema_standard.schema_parts.get(name="schema", version__isnull=True)
    save_part(
        schema_standard, roles["editor"], "schema", "schema", SCHEMA_V2, revision=draft.revision
    )
    assert json.loads(client.get(url).content) == SCHEMA_V1
    api = client.get(reverse("standards:part", args=[schema_standard.slug, "1.0", "api"]))
    assert json.loads(api.content)["openapi"] == "3.1.0"
    assert (
        client.get(
            reverse("standards:part", args=[schema_standard.slug, "1.0", "nope"])
        ).status_code
        == 404
    )


def test_exports_include_the_parts(client, schema_standard):
    exported = client.get(
        reverse("standards:export", args=[schema_standard.slug, "1.0", "json"])
    ).json()
    schemas = {p["name"]: p for p in exported["schemas"]}
    assert schemas["schema"]["document"] == SCHEMA_V1
    assert schemas["schema"]["url"].endswith("/v/1.0/parts/schema.json")
    markdown = client.get(reverse("standards:export", args=[schema_standard.slug, "1.0", "md"]))
    assert "schema_schema: http" in markdown.content.decode()


def test_schema_only_changes_can_be_published(schema_standard, roles):
    draft = schema_standard.schema_parts.get(name="schema", version__isnull=True)
    loose = copy.deepcopy(SCHEMA_V1)
    loose["properties"]["note"] = {"type": "string"}
    save_part(schema_standard, roles["editor"], "schema", "schema", loose, revision=draft.revision)
    version = publish(schema_standard, roles["editor"])  # same text, new schema
    assert version.number == "1.1"
    with pytest.raises(services.NothingToPublish, match="schemas are the same"):
        publish(schema_standard, roles["editor"])


def newest(standard) -> str:
    return standard.versions.order_by("-major", "-minor").first().number


# --- Schema diff -----------------------------------------------------------------------------


def test_schema_diff_classes_each_kind_of_change():
    changes = {(c.path, c.kind): c.breaking for c in schema_diff(SCHEMA_V1, SCHEMA_V2)}
    assert changes[("records[].collections[].round", "added")] is True  # required
    assert changes[("records[].collections[].service", "enum_removed")] is True
    assert changes[("records[].collections[].service", "enum_added")] is False
    old = {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}, "b": {}}}
    new = {"type": "object", "properties": {"a": {"type": ["integer", "null"]}, "c": {}}}
    kinds = {(c.path, c.kind): c.breaking for c in schema_diff(old, new)}
    assert kinds == {
        ("b", "removed"): True,
        ("c", "added"): False,
        ("a", "not_required"): False,
        ("a", "type"): False,  # widened
    }
    narrowed = schema_diff(
        {"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer"}}}
    )
    assert [(c.kind, c.breaking) for c in narrowed] == [("type", True)]


def test_a_minor_version_with_a_breaking_change_asks_for_confirmation(
    client, schema_standard, roles
):
    draft = schema_standard.schema_parts.get(name="schema", version__isnull=True)
    save_part(
        schema_standard, roles["editor"], "schema", "schema", SCHEMA_V2, revision=draft.revision
    )
    client.force_login(roles["editor"])
    url = reverse("standards:publish", args=[schema_standard.slug])
    page = client.get(url).content.decode()
    assert "data-breaking-warning" in page and "data-breaking" in page
    schema_standard.refresh_from_db()
    form = {"bump": "minor", "notes": "", "revision": schema_standard.draft_revision}
    refused = client.post(url, form).content.decode()
    assert "breaking schema change" in refused and "Publish it as a major version" in refused
    assert newest(schema_standard) == "1.0"
    client.post(url, {**form, "confirm_breaking": "on"})
    assert newest(schema_standard) == "1.1"


def test_a_major_version_with_a_breaking_change_needs_no_confirmation(
    client, schema_standard, roles
):
    draft = schema_standard.schema_parts.get(name="schema", version__isnull=True)
    save_part(
        schema_standard, roles["editor"], "schema", "schema", SCHEMA_V2, revision=draft.revision
    )
    version = publish(schema_standard, roles["editor"], BODY_V2, bump="major")
    assert version.number == "2.0"
    diff = client.get(reverse("standards:diff", args=[schema_standard.slug, "1.0", "2.0"]))
    body = diff.content.decode()
    assert 'data-schema-change="enum_removed"' in body and "data-breaking" in body
    assert "records[].collections[].round" in body


def test_outsiders_get_404_for_members_only_schemas(client, schema_standard, roles):
    make_members_only(roles["group"])
    url = reverse("standards:schema", args=[schema_standard.slug, "1.0"])
    client.force_login(roles["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(roles["member"])
    response = client.get(url)
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


def test_a_standard_without_parts_has_no_schema_download(client, standard):
    assert client.get(reverse("standards:schema", args=[standard.slug, "0.1"])).status_code == 404
