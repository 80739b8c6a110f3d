"""Adoption verified by the data: councils' endpoints checked on schedule and on demand
against a real loopback server (conformant, non-conformant, slow, huge, redirecting)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.notifications.models import Notification
from hub.standards.demo_schemas import document_bytes
from hub.standards.models import EndpointCheck
from hub.standards.selectors import conformance_label, latest_version
from hub.standards.services import adoption_declare, endpoint_check, endpoints_check_due
from tests.factories import CouncilFactory, UserFactory
from tests.standards.conftest import make_members_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def declarer(db):
    return UserFactory(profile__council=CouncilFactory(), profile__council_verified=True)


@pytest.fixture
def endpoint(loopback_server):
    """The council's endpoint: conformant until a test changes what it serves."""
    loopback_server.serve("/bin-collections", document_bytes(10))
    return loopback_server


def _declare(standard, declarer, url):
    return adoption_declare(
        standard=standard, user=declarer, version=latest_version(standard), endpoint_url=url
    )


def _register(client, standard):
    return client.get(reverse("standards:adoptions", args=[standard.slug])).content.decode()


def test_conformant_then_failing_then_conformant_again_with_notifications(
    client, schema_standard, roles, declarer, endpoint, django_capture_on_commit_callbacks
):
    adoption = _declare(schema_standard, declarer, endpoint.url("/bin-collections?uprn=1"))
    assert conformance_label(adoption) == "Not checked"
    assert "Not checked" in _register(client, schema_standard)

    with django_capture_on_commit_callbacks(execute=True):
        good, bad = endpoints_check_due()
    assert (good, bad) == (1, 0)
    adoption.refresh_from_db()
    assert adoption.conformance_state == "conforms"
    register = _register(client, schema_standard)
    assert (
        "Conforms to 1.0, checked today" in register and 'data-conformance="conforms"' in register
    )
    assert "1 conform" in register

    endpoint.serve("/bin-collections", document_bytes(10, bad_every=5))
    with django_capture_on_commit_callbacks(execute=True):
        check = endpoint_check(adoption=adoption)
    assert not check.conforms and "errors against 1.0" in check.summary
    adoption.refresh_from_db()
    since = timezone.localtime(adoption.conformance_since)
    assert f"Failing since {since:%-d %B}" in _register(client, schema_standard)
    failing = Notification.objects.filter(kind="standards.conformance_failing")
    assert {n.recipient for n in failing} == {declarer, roles["convenor"]}
    assert failing.first().url == check.run.get_absolute_url()

    endpoint.serve("/bin-collections", document_bytes(10))
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_check(adoption=adoption)
    recovered = Notification.objects.filter(kind="standards.conformance_recovered")
    assert {n.recipient for n in recovered} == {declarer, roles["convenor"]}
    assert Notification.objects.filter(kind="standards.conformance_failing").count() == 2

    history = client.get(
        reverse("standards:adoption_checks", args=[schema_standard.slug, adoption.pk])
    )
    states = [part.split('"')[0] for part in history.content.decode().split('data-check="')[1:]]
    assert states == ["conforms", "failing", "conforms"]


def test_a_failing_first_check_does_not_notify(
    schema_standard, declarer, loopback_server, django_capture_on_commit_callbacks
):
    loopback_server.serve("/bin-collections", b"{}")
    adoption = _declare(schema_standard, declarer, loopback_server.url("/bin-collections"))
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_check(adoption=adoption)
    adoption.refresh_from_db()
    assert adoption.conformance_state == "failing"
    assert not Notification.objects.filter(kind__startswith="standards.conformance").exists()


@pytest.mark.parametrize(
    ("serve", "summary"),
    [
        (lambda s: s.serve_stream("/bin-collections", b" ", chunks=100, delay=0.05), "timed out"),
        (
            lambda s: s.serve_stream("/bin-collections", b"[1," * 30_000, chunks=100),
            "sent more than",
        ),
        (
            lambda s: s.serve("/bin-collections", b"<html>", Content_Type="text/html"),
            "Content type text/html is not documented",
        ),
        (
            lambda s: s.serve("/bin-collections", b"{}", status=500),
            "HTTP 500 is not a documented response",
        ),
        (
            lambda s: s.redirect("/bin-collections", "http://169.254.169.254/latest"),
            "not on the public internet",
        ),
    ],
)
def test_slow_huge_wrong_and_redirected_endpoints_fail_with_a_reason(
    schema_standard, declarer, loopback_server, settings, serve, summary
):
    settings.STANDARDS_VALIDATION_TIMEOUT_SECONDS = 1
    settings.STANDARDS_VALIDATION_MAX_BYTES = 50_000
    serve(loopback_server)
    adoption = _declare(schema_standard, declarer, loopback_server.url("/bin-collections"))
    check = endpoint_check(adoption=adoption)
    assert not check.conforms and summary in check.summary


def test_a_redirecting_endpoint_is_followed(schema_standard, declarer, endpoint):
    endpoint.redirect("/old", "/bin-collections")
    adoption = _declare(schema_standard, declarer, endpoint.url("/old"))
    # No OpenAPI match for /old itself is needed: the final address is what is checked.
    check = endpoint_check(adoption=adoption)
    assert check.run.report["operations"][0]["operation"] in {None, "GET /bin-collections"}


def test_a_plain_data_url_is_checked_against_the_schema(standard, roles, declarer, endpoint):
    from hub.standards.demo_schemas import SCHEMA_V1
    from tests.standards.conftest import save_part
    from tests.standards.factories import BODY_V2, publish

    save_part(standard, roles["editor"], "schema", "schema", SCHEMA_V1)
    publish(standard, roles["editor"], BODY_V2)
    standard._latest_version = False
    adoption = _declare(standard, declarer, endpoint.url("/bin-collections"))
    check = endpoint_check(adoption=adoption)
    assert check.conforms and "10 records checked" in check.summary


def test_the_schedule_checks_each_endpoint_once_a_day(schema_standard, declarer, endpoint):
    adoption = _declare(schema_standard, declarer, endpoint.url("/bin-collections"))
    assert endpoints_check_due() == (1, 0)
    assert endpoints_check_due() == (0, 0)  # checked less than a day ago
    later = timezone.now() + timedelta(hours=25)
    assert endpoints_check_due(now=later) == (1, 0)
    assert EndpointCheck.objects.filter(adoption=adoption).count() == 2


def test_check_endpoints_command(schema_standard, declarer, endpoint, capsys):
    adoption = _declare(schema_standard, declarer, endpoint.url("/bin-collections"))
    out = StringIO()
    call_command("check_endpoints", stdout=out)
    assert "Checked 1: 1 conform, 0 failing." in out.getvalue()
    out = StringIO()
    call_command("check_endpoints", "--adoption", str(adoption.pk), stdout=out)
    assert "ok" in out.getvalue() and adoption.endpoint_checks.count() == 2
    with pytest.raises(SystemExit):
        call_command("check_endpoints", "--help")
    assert "every endpoint" in capsys.readouterr().out


def test_check_now_and_endpoint_changes_need_the_right_person(
    client, schema_standard, roles, declarer, endpoint
):
    adoption = _declare(schema_standard, declarer, endpoint.url("/bin-collections"))
    check_url = reverse("standards:adoption_check_now", args=[schema_standard.slug, adoption.pk])
    endpoint_url = reverse("standards:adoption_endpoint", args=[schema_standard.slug, adoption.pk])
    client.force_login(roles["outsider"])
    assert client.post(check_url).status_code == 403
    assert client.post(endpoint_url, {"url": "https://evil.example/"}).status_code == 403
    client.force_login(declarer)
    client.post(check_url)
    assert adoption.endpoint_checks.filter(trigger="demand").count() == 1
    client.post(endpoint_url, {"url": endpoint.url("/bin-collections?v=2")})
    adoption.refresh_from_db()
    assert adoption.endpoint_url.endswith("?v=2") and adoption.conformance_state == ""


def test_outsiders_get_404_for_members_only_endpoint_history(
    client, schema_standard, roles, declarer, endpoint
):
    from tests.groups.factories import MembershipFactory

    MembershipFactory(group=roles["group"], user=declarer, role="member")
    adoption = _declare(schema_standard, declarer, endpoint.url("/bin-collections"))
    check = endpoint_check(adoption=adoption)
    make_members_only(roles["group"])
    client.force_login(roles["outsider"])
    assert (
        client.get(
            reverse("standards:adoption_checks", args=[schema_standard.slug, adoption.pk])
        ).status_code
        == 404
    )
    assert client.get(check.run.get_absolute_url()).status_code == 404
