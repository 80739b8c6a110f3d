"""Issue 13's "done when" in a browser: an editor attaches a schema to the draft and publishes
1.0; a practitioner pastes invalid data into the validator and reads a report that points at
each error, then uploads a file."""

import json

import pytest

from hub.groups.models import Membership
from hub.standards.demo_schemas import SCHEMA_V1, document_bytes
from tests.browser.fixtures import axe_serious_violations, sign_in
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"

INVALID = """{
  "council": "E06000001",
  "generated_at": "2026-12-01T06:00:00Z",
  "records": [
    {"uprn": "100000000001",
     "collections": [{"service": "compost", "date": "2026-12-03"}]}
  ]
}"""


def test_editor_attaches_a_schema_and_a_practitioner_validates_data(
    browser_context_factory, live_server_asgi, playwright_browser, tmp_path
):
    server = live_server_asgi
    group = WorkingGroupFactory(name="Waste and bins data", slug="waste-and-bins")
    editor = UserFactory(profile__council=CouncilFactory(name="Leeds"))
    MembershipFactory(group=group, user=editor, role=Membership.Role.CONVENOR)
    standard = StandardFactory(group=group, slug="bins", title="Bin collection data")

    page = browser_context_factory().new_page()
    sign_in(page, server, editor.email, PASSWORD)
    page.goto(f"{server.url}/standards/bins/edit/")
    page.get_by_role("link", name="Schemas, examples and OpenAPI description").click()
    page.get_by_label("Name").fill("schema")
    page.get_by_label("JSON Schema (2020-12) for the data").check()
    page.get_by_label("JSON", exact=True).fill('{"type": "object", "properties": {')
    page.get_by_role("button", name="Check and add").click()
    assert "Not valid JSON: line 1, column" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("JSON", exact=True).input_value().startswith('{"type": "object"')
    page.get_by_label("JSON", exact=True).fill(json.dumps(SCHEMA_V1, indent=2))
    page.get_by_role("button", name="Check and add").click()
    assert page.locator("[data-part=schema]").is_visible()
    page.goto(f"{server.url}/standards/bins/publish/")
    page.get_by_label("Major").check()
    page.get_by_role("button", name="Publish version").click()
    assert page.locator("[data-version]").inner_text() == "Version 1.0"
    schema = page.request.get(f"{server.url}/standards/bins/v/1.0/schema.json")
    assert schema.json() == SCHEMA_V1

    practitioner = browser_context_factory().new_page()  # signed out: anyone may validate
    practitioner.goto(f"{server.url}{standard.get_absolute_url()}")
    practitioner.get_by_role("link", name="Check your data against 1.0").click()
    practitioner.get_by_label("Paste JSON").fill(INVALID)
    practitioner.get_by_role("button", name="Check").click()
    practitioner.get_by_role("heading", name="Validation report").wait_for()
    assert "Does not conform to 1.0" in practitioner.locator("[data-verdict]").inner_text()
    row = practitioner.locator("[data-group=enum] [data-error]").first
    assert row.locator("[data-pointer]").inner_text() == "/records/0/collections/0/service"
    assert row.locator("[data-position]").inner_text() == "line 6, column 34"
    assert "is not one of the allowed values" in row.locator("[data-message]").inner_text()
    assert axe_serious_violations(practitioner) == []
    report_url = practitioner.url

    upload = tmp_path / "bins.json"
    upload.write_bytes(document_bytes(30, bad_every=10))
    practitioner.goto(f"{server.url}/standards/bins/v/1.0/validate/")
    practitioner.get_by_label("Or upload a JSON file").set_input_files(str(upload))
    practitioner.get_by_role("button", name="Check").click()
    practitioner.get_by_role("heading", name="Validation report").wait_for()
    assert "9 errors in 30 records" in practitioner.locator("[data-verdict]").inner_text()
    assert "/records/*/bin_colour" in practitioner.locator("[data-undefined]").inner_text()

    again = browser_context_factory().new_page()  # the permalink works for someone else
    again.goto(report_url)
    assert "Does not conform" in again.locator("[data-verdict]").inner_text()
