"""The validator page and its reports: paste, upload, URL (a real loopback server), the
background job with progress, permalinks, JSON download, expiry, and who may see what."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.standards import services
from hub.standards.demo_schemas import document_bytes
from hub.standards.models import ValidationRun
from hub.standards.selectors import latest_version
from hub.standards.services import validation_run_start
from tests.standards.conftest import make_members_only

pytestmark = pytest.mark.django_db

INVALID = b"""{"council": "E06000001", "generated_at": "2026-12-01T06:00:00Z",
"records": [{"uprn": "1", "collections": [{"service": "compost", "date": "2026-12-01"}]}]}"""


def _validator(standard) -> str:
    return reverse("standards:validator", args=[standard.slug, "1.0"])


@pytest.fixture
def post_and_run(client, django_capture_on_commit_callbacks):
    """POST to the validator and run what it queued after commit (the job queue runs jobs
    immediately in tests, once the transaction commits)."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_pasted_data_gets_a_report_that_points_at_each_error(client, schema_standard):
    response = client.post(
        _validator(schema_standard), {"target": "schema", "text": INVALID.decode()}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="fails"' in body and "Does not conform to 1.0" in body
    assert "/records/0/collections/0/service" in body and "line 2, column" in body
    assert "is not one of the allowed values" in body
    run = ValidationRun.objects.get()
    assert len(run.token) >= 24 and run.token in response.redirect_chain[-1][0]
    assert run.expires_at - run.created_at == timedelta(days=90)


def test_conformant_paste_says_so(client, schema_standard):
    data = document_bytes(3).decode()
    body = client.post(_validator(schema_standard), {"text": data, "target": "schema"}, follow=True)
    assert 'data-verdict="conforms"' in body.content.decode()


def test_uploaded_file_and_json_download(client, schema_standard):
    upload = SimpleUploadedFile("bins.json", document_bytes(20, bad_every=10), "application/json")
    response = client.post(_validator(schema_standard), {"target": "schema", "file": upload})
    run = ValidationRun.objects.get()
    assert response.url == run.get_absolute_url()
    download = client.get(
        reverse("standards:validation_report_json", args=[schema_standard.slug, "1.0", run.token]),
        {"download": "1"},
    )
    report = download.json()
    assert "attachment" in download["Content-Disposition"]
    assert report["conforms"] is False and report["records"] == 20 and report["error_count"] == 6
    assert report["source_name"] == "bins.json" and report["version"] == "1.0"
    kinds = {g["kind"] for g in report["groups"]}
    assert kinds == {"enum", "format", "required"}
    assert report["undefined_fields"][0]["path"] == "/records/*/bin_colour"


def test_a_large_upload_runs_as_a_background_job_with_progress(client, schema_standard, settings):
    settings.STANDARDS_VALIDATION_INLINE_BYTES = 10_000
    data = document_bytes(2000, bad_every=500)
    upload = SimpleUploadedFile("big.json", data, "application/json")
    with pytest.MonkeyPatch.context() as patch:
        # The queue runs jobs at once in tests; hold this one to see the waiting page first.
        queued = []
        patch.setattr("hub.standards.services.validation._queue", lambda run: queued.append(run.pk))
        response = client.post(_validator(schema_standard), {"target": "schema", "file": upload})
    run = ValidationRun.objects.get()
    assert run.state == "queued" and run.bytes_total == len(data) and queued == [run.pk]
    waiting = client.get(response.url).content.decode()
    assert "data-progress" in waiting and 'http-equiv="refresh"' in waiting
    services.validation_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == "done" and run.bytes_done == len(data) and run.error_count == 12
    assert not (run.input_path and __import__("pathlib").Path(run.input_path).exists())
    done = client.get(response.url).content.decode()
    assert "data-progress" not in done and "Does not conform" in done


def test_a_url_is_fetched_safely_and_validated(post_and_run, schema_standard, loopback_server):
    url = loopback_server.serve("/bins.json", INVALID)
    post_and_run(_validator(schema_standard), {"target": "schema", "url": url})
    run = ValidationRun.objects.get()
    assert run.source == "url" and run.state == "done" and run.error_count == 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("not_json", "not valid JSON"),
        ("missing", "HTTP 404"),
        ("huge", "sent more than"),
        ("slow", "timed out"),
        ("private", "not on the public internet"),
    ],
)
def test_bad_urls_end_in_a_clear_failure_never_a_500(
    client, post_and_run, schema_standard, loopback_server, settings, route, message
):
    settings.STANDARDS_VALIDATION_MAX_BYTES = 200_000
    settings.STANDARDS_VALIDATION_TIMEOUT_SECONDS = 1
    urls = {
        "not_json": loopback_server.serve("/page", "<html>hello</html>", Content_Type="text/html"),
        "missing": loopback_server.url("/nothing-here"),
        "huge": loopback_server.serve_stream("/huge", b"[" + b"1," * 50_000, chunks=100),
        "slow": loopback_server.serve_stream("/slow", b" ", chunks=100, delay=0.05),
        "private": loopback_server.redirect("/go", "http://10.0.0.1/bins.json"),
    }
    response = post_and_run(_validator(schema_standard), {"target": "schema", "url": urls[route]})
    assert response.status_code == 302
    run = ValidationRun.objects.get()
    assert run.state == "failed" and message in run.failure
    page = client.get(response.url).content.decode()
    assert "data-failure" in page and message in page


def test_a_redirecting_url_is_followed(post_and_run, schema_standard, loopback_server):
    loopback_server.serve("/real.json", document_bytes(2))
    url = loopback_server.redirect("/moved", "/real.json")
    post_and_run(_validator(schema_standard), {"target": "schema", "url": url})
    assert ValidationRun.objects.get().conforms is True


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "one of the three"),
        ({"text": "{}", "url": "https://example.org/x.json"}, "one of the three"),
        ({"url": "ftp://example.org/x.json"}, "starting with https://"),
        ({"text": "{}", "target": "no-such-schema"}, "Select a valid choice"),
    ],
)
def test_form_mistakes_are_shown_on_the_page(client, schema_standard, form, message):
    response = client.post(_validator(schema_standard), {"target": "schema", **form})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ValidationRun.objects.exists()


def test_a_paste_that_is_not_json_gets_a_failed_report(client, schema_standard):
    response = client.post(
        _validator(schema_standard), {"target": "schema", "text": "{'single': quotes}"}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200 and "data-failure" in body
    assert "not valid JSON: line 1, column 2" in body


def test_the_openapi_response_is_a_target_too(client, schema_standard):
    page = client.get(_validator(schema_standard)).content.decode()
    assert "GET /bin-collections → 200 (application/json)" in page


def test_a_version_without_schemas_says_there_is_nothing_to_check(client, standard):
    page = client.get(reverse("standards:validator", args=[standard.slug, "0.1"]))
    assert "data-no-schema" in page.content.decode()


def test_validator_is_rate_limited(client, schema_standard, settings):
    settings.STANDARDS_VALIDATION_RATE = "2/h"
    for _ in range(2):
        client.post(_validator(schema_standard), {"target": "schema", "text": "{}"})
    response = client.post(_validator(schema_standard), {"target": "schema", "text": "{}"})
    assert response.status_code == 429 and "many times this hour" in response.content.decode()


def test_outsiders_get_404_for_members_only_validators_and_reports(client, schema_standard, roles):
    run = validation_run_start(
        version=latest_version(schema_standard), user=roles["member"], text=INVALID.decode()
    )
    report = run.get_absolute_url()
    report_json = reverse(
        "standards:validation_report_json", args=[schema_standard.slug, "1.0", run.token]
    )
    make_members_only(roles["group"])
    for who in (None, roles["outsider"]):
        client.logout()
        if who:
            client.force_login(who)
        for url in (_validator(schema_standard), report, report_json):
            assert client.get(url).status_code == 404, url
        assert client.post(_validator(schema_standard), {"text": "{}"}).status_code == 404
    client.force_login(roles["member"])
    assert client.get(report).status_code == 200


def test_reports_are_found_only_by_their_token_and_expire(client, schema_standard, roles):
    run = validation_run_start(
        version=latest_version(schema_standard), user=roles["member"], text=INVALID.decode()
    )
    wrong = reverse("standards:validation_report", args=[schema_standard.slug, "1.0", "guess"])
    assert client.get(wrong).status_code == 404
    assert client.get(run.get_absolute_url()).status_code == 200  # anyone with the link
    ValidationRun.objects.filter(pk=run.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(run.get_absolute_url()).status_code == 404
    out = StringIO()
    call_command("purge_validation_runs", stdout=out)
    assert "Deleted 1 expired report" in out.getvalue()
    assert not ValidationRun.objects.exists()


def test_the_report_json_is_what_the_api_will_serve(schema_standard, roles):
    from hub.standards.selectors import validation_run_for, validation_run_json

    run = validation_run_start(
        version=latest_version(schema_standard), user=roles["member"], text=INVALID.decode()
    )
    assert validation_run_for(run.token, roles["outsider"]) == run
    data = validation_run_json(run)
    assert data["errors"][0]["pointer"] == "/records/0/collections/0/service"
    assert json.dumps(data)  # serialisable as it is
