"""Validator runs and endpoint conformance, for pages and the JSON API.

A run is reachable only through its unguessable token, and only by someone who may see the
standard (members-only standards' reports answer 404 to outsiders like everything else).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from hub.standards.models import (
    Adoption,
    ConformanceState,
    EndpointCheck,
    StandardVersion,
    ValidationRun,
)
from hub.standards.selectors.access import standard_is_visible_to


def validation_run_for(token: str, user, *, version: StandardVersion | None = None):
    """The run with this token if it has not expired and ``user`` may see its standard."""
    if not token or len(token) > 40:
        return None
    run = (
        ValidationRun.objects.select_related("version__standard__group")
        .filter(token=token, expires_at__gt=timezone.now())
        .first()
    )
    if run is None or not standard_is_visible_to(run.version.standard, user):
        return None
    if version is not None and run.version_id != version.pk:
        return None
    return run


def validation_run_json(run: ValidationRun) -> dict:
    """The downloadable report: what was checked, against what, and every finding."""
    version = run.version
    return {
        "report": run.token,
        "url": settings.SITE_URL + run.get_absolute_url(),
        "standard": version.standard.title,
        "standard_slug": version.standard.slug,
        "version": version.number,
        "checked_against": run.part_name,
        "source": run.source,
        "source_name": run.source_name,
        "created_at": run.created_at.isoformat(),
        "expires_at": run.expires_at.isoformat(),
        "state": run.state,
        "failure": run.failure,
        "conforms": run.conforms,
        "records": run.record_count,
        "error_count": run.error_count,
        **{k: v for k, v in (run.report or {}).items() if k not in {"conforms", "records"}},
    }


def endpoint_history(adoption: Adoption, *, limit: int = 90) -> list[EndpointCheck]:
    return list(adoption.endpoint_checks.select_related("run__version")[:limit])


def conformance_counts(adoptions: list[Adoption]) -> dict:
    """Declared, with an endpoint, conformant and failing councils, for the register."""
    with_endpoint = [a for a in adoptions if a.endpoint_url]
    return {
        "declared": len(adoptions),
        "with_endpoint": len(with_endpoint),
        "conformant": sum(
            1 for a in with_endpoint if a.conformance_state == ConformanceState.CONFORMS
        ),
        "failing": sum(1 for a in with_endpoint if a.conformance_state == ConformanceState.FAILING),
        "not_checked": sum(1 for a in with_endpoint if not a.conformance_state),
    }


def conformance_label(adoption: Adoption, *, today=None) -> str:
    """ "Conforms to 1.1, checked today", "Failing since 3 March", "Not checked"."""
    if not adoption.endpoint_url:
        return ""
    if not adoption.conformance_state or adoption.last_checked_at is None:
        return gettext("Not checked")
    today = today or timezone.localdate()
    if adoption.conformance_state == ConformanceState.CONFORMS:
        checked = timezone.localtime(adoption.last_checked_at).date()
        when = (
            gettext("today")
            if checked == today
            else gettext("yesterday")
            if (today - checked).days == 1
            else gettext("on %(day)s") % {"day": date_format(checked, "j F")}
        )
        return gettext("Conforms to %(number)s, checked %(when)s") % {
            "number": adoption.version.number,
            "when": when,
        }
    since = timezone.localtime(adoption.conformance_since or adoption.last_checked_at)
    return gettext("Failing since %(since)s") % {"since": date_format(since, "j F")}
