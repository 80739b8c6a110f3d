"""Councils' registered endpoints, checked daily and on demand against the version declared.

``endpoint_check`` checks one adoption's endpoint now; ``endpoints_check_due`` checks every
endpoint not checked for ``STANDARDS_ENDPOINT_CHECK_HOURS`` (the hourly job and ``manage.py
check_endpoints``). Each check is kept (``EndpointCheck``) with its report; the adoption row holds
the current state for the register. The declarer and the group's convenors are notified when a
conformant endpoint starts failing and when it recovers.
"""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hub.core.safe_fetch import FetchError, check_url
from hub.notifications.events import emit
from hub.standards.models import (
    Adoption,
    ConformanceState,
    EndpointCheck,
    ValidationRun,
)
from hub.standards.selectors import (
    openapi_part,
    standard_is_visible_to,
    validation_target,
)
from hub.standards.services.errors import InvalidInput, NotAllowed, StandardNotFound
from hub.standards.services.validation import (
    Source,
    download,
    fail_run,
    fetch_message,
    finish_run,
)
from hub.standards.validation.engine import InputError, Report, validate_stream
from hub.standards.validation.openapi import response_target

logger = logging.getLogger(__name__)


def adoption_endpoint_set(*, adoption: Adoption, user, url: str) -> Adoption:
    """Register (or clear, with "") the live endpoint of a current declaration."""
    from hub.standards.selectors import adoption_can_withdraw

    if not standard_is_visible_to(adoption.standard, user):
        raise StandardNotFound(gettext("That standard does not exist."))
    if not adoption_can_withdraw(adoption, user):
        raise NotAllowed(
            gettext(
                "Only the person who declared it, a verified member of the council or a convenor "
                "can change its endpoint."
            )
        )
    url = (url or "").strip()
    if url:
        try:
            check_url(url)
        except FetchError as error:
            raise InvalidInput(
                gettext("The endpoint must be a web address starting with https://.")
            ) from error
    adoption.endpoint_url = url[:500]
    adoption.conformance_state, adoption.conformance_since = ConformanceState.NOT_CHECKED, None
    adoption.last_checked_at, adoption.last_check_run = None, None
    adoption.save(
        update_fields=[
            "endpoint_url",
            "conformance_state",
            "conformance_since",
            "last_checked_at",
            "last_check_run",
        ]
    )
    return adoption


def _endpoint_report(adoption: Adoption) -> tuple[Report | None, str, str]:
    """(report or None, summary, target label) for one fetch of the endpoint."""
    try:
        body, size, status, content_type = download(adoption.endpoint_url)
    except FetchError as error:
        return None, fetch_message(error), ""
    with body:
        return _judge_answer(adoption, body, size, status, content_type)


def _judge_answer(adoption: Adoption, body, size: int, status: int, content_type: str):
    """Check one answer of the endpoint: against the OpenAPI description (operation, status,
    content type, response schema) when the version has one, else against its data schema."""
    version = adoption.version
    part = openapi_part(version)
    operations: list[dict] = []
    if part is not None:
        check, target = response_target(
            part.name,
            json.loads(part.text),
            url=adoption.endpoint_url,
            status=status,
            content_type=content_type,
        )
        operations.append(check)
        if target is None:
            report = Report(target=check.get("operation") or part.filename)
            report.operations = operations
            return report, check.get("problem", "The answer is not documented."), report.target
    else:
        if status != 200:
            return (
                None,
                gettext("The endpoint answered HTTP %(status)s, not 200.") % {"status": status},
                "",
            )
        target = validation_target(version, "")
        if target is None:
            return (
                None,
                gettext("Version %(number)s has no schema to check against.")
                % {"number": version.number},
                "",
            )
    try:
        report = validate_stream(
            body,
            target=target,
            size=size,
            keep_text_below=settings.STANDARDS_VALIDATION_POSITION_BYTES,
        )
    except InputError as error:
        return None, error.message, target.label
    report.operations = operations
    if report.conforms:
        summary = gettext("Conforms to %(number)s (%(records)s records checked).") % {
            "number": version.number,
            "records": format(report.records, ","),
        }
    else:
        summary = gettext("%(error_count)s errors against %(number)s.") % {
            "error_count": format(report.error_count, ","),
            "number": version.number,
        }
    return report, summary, target.label


def endpoint_answer_record(
    *, adoption: Adoption, body: bytes, status: int = 200, trigger: str = "demo", now=None
) -> EndpointCheck:
    """Record a check of an answer obtained elsewhere (the demo's sample data, which has no
    live server to fetch from); the same judging, history and notifications as a fetch."""
    now = now or timezone.now()
    report, summary, label = _judge_answer(
        adoption, io.BytesIO(body), len(body), status, "application/json"
    )
    with transaction.atomic():
        return _record_check(adoption, adoption.endpoint_url, report, summary, label, trigger, now)


def endpoint_check(*, adoption: Adoption, trigger: str = "schedule", now=None) -> EndpointCheck:
    """Check one registered endpoint now, keep the check in its history, update the register's
    state, and notify on a change between conformant and failing. The fetch happens before the
    transaction, so no row stays locked while a slow endpoint answers."""
    now = now or timezone.now()
    adoption = Adoption.objects.select_related("version__standard").get(pk=adoption.pk)
    if not adoption.endpoint_url or adoption.withdrawn_at is not None:
        raise InvalidInput(gettext("This declaration has no endpoint to check."))
    url = adoption.endpoint_url
    report, summary, target_label = _endpoint_report(adoption)
    with transaction.atomic():
        return _record_check(adoption, url, report, summary, target_label, trigger, now)


def _record_check(adoption, url, report, summary, target_label, trigger, now) -> EndpointCheck:
    adoption = (
        Adoption.objects.select_for_update(of=("self",))
        .select_related("standard__group", "version__standard", "council", "declared_by")
        .get(pk=adoption.pk)
    )
    conforms = bool(report and report.conforms)
    run = ValidationRun(
        version=adoption.version,
        part_name=target_label or "endpoint",
        source=Source.ENDPOINT,
        source_name=url,
        created_at=now,
        expires_at=now + timedelta(days=settings.STANDARDS_VALIDATION_KEEP_DAYS),
    )
    run.save()
    if report is not None:
        finish_run(run, report)
    else:
        fail_run(run, summary)
    check = EndpointCheck.objects.create(
        adoption=adoption,
        checked_at=now,
        conforms=conforms,
        run=run,
        summary=summary[:500],
        trigger=trigger,
    )
    if adoption.endpoint_url != url or adoption.withdrawn_at is not None:
        return check  # changed while we fetched: keep the history, not the state
    before = adoption.conformance_state
    after = ConformanceState.CONFORMS if conforms else ConformanceState.FAILING
    if before != after:
        adoption.conformance_since = now
    adoption.conformance_state, adoption.last_checked_at = after, now
    adoption.last_check_run = run
    adoption.save(
        update_fields=[
            "conformance_state",
            "conformance_since",
            "last_checked_at",
            "last_check_run",
        ]
    )
    if before == ConformanceState.CONFORMS and after == ConformanceState.FAILING:
        _notify("standards.conformance_failing", check)
    elif before == ConformanceState.FAILING and after == ConformanceState.CONFORMS:
        _notify("standards.conformance_recovered", check)
    return check


def _notify(kind: str, check: EndpointCheck) -> None:
    """The declarer and the group's convenors who can still see the standard hear of it
    (``hub/standards/event_kinds.py``); delivered after commit by the event pipeline."""
    emit(kind, check=check.pk)


def endpoints_due(*, now=None):
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.STANDARDS_ENDPOINT_CHECK_HOURS)
    return (
        Adoption.objects.filter(withdrawn_at__isnull=True)
        .exclude(endpoint_url="")
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=cutoff))
        .select_related("standard", "council", "version")
        .order_by("last_checked_at", "pk")
    )


def endpoints_check_due(*, now=None, everything: bool = False, report=None) -> tuple[int, int]:
    """Check every endpoint that is due (or all with ``everything``); returns (conformant,
    failing). One endpoint's failure never stops the others."""
    now = now or timezone.now()
    adoptions = (
        Adoption.objects.filter(withdrawn_at__isnull=True).exclude(endpoint_url="")
        if everything
        else endpoints_due(now=now)
    )
    good = bad = 0
    for adoption in list(adoptions):
        try:
            check = endpoint_check(adoption=adoption, now=now)
        except Exception as error:
            logger.exception("endpoint check of adoption %s failed", adoption.pk)
            bad += 1
            if report:
                report(adoption, None, f"error: {error}")
            continue
        good, bad = (good + 1, bad) if check.conforms else (good, bad + 1)
        if report:
            report(adoption, check, check.summary)
    return good, bad
