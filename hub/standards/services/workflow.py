"""The status workflow (convenors) and closing consultations when their date passes (scheduler)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hub.notifications.events import emit
from hub.standards.models import (
    Standard,
    Status,
    StatusChange,
)
from hub.standards.selectors import (
    has_been_consulted,
    latest_version,
    standard_can_change_status,
)
from hub.standards.services.errors import (
    InvalidInput,
    InvalidTransition,
    NotAllowed,
)
from search.outbox import index_later

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.CONSULTATION, Status.ADOPTED, Status.WITHDRAWN},
    Status.CONSULTATION: {Status.DRAFT, Status.ADOPTED, Status.WITHDRAWN},
    Status.ADOPTED: {Status.CONSULTATION, Status.SUPERSEDED, Status.WITHDRAWN},
    Status.SUPERSEDED: set(),
    Status.WITHDRAWN: set(),
}


def allowed_transitions(standard: Standard) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[standard.status]]


@transaction.atomic
def standard_status_change(
    *,
    standard: Standard,
    actor,
    to_status: str,
    reason: str,
    closes_at: datetime | None = None,
    automatic: bool = False,
) -> StatusChange:
    """Move the standard through its workflow (convenors only) and record who, when and why.

    ``automatic`` is for the hub itself closing a consultation at its closing date.
    """
    if not automatic and not standard_can_change_status(standard, actor):
        raise NotAllowed(gettext("Only the group's convenors can change a standard's status."))
    from_status = standard.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise InvalidTransition(
            gettext("A standard that is %(get_status_display)s cannot become %(to_status)s.")
            % {
                "get_status_display": standard.get_status_display().lower(),
                "to_status": Status(to_status).label.lower()
                if to_status in Status.values
                else to_status,
            }
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(gettext("Say why the status is changing; it is shown in the history."))
    if len(reason) > 2000:
        raise InvalidInput(gettext("Give the reason in 2,000 characters or fewer."))
    now = timezone.now()
    if to_status == Status.CONSULTATION:
        if latest_version(standard) is None:
            raise InvalidTransition(
                gettext("Publish a version before opening a consultation on it.")
            )
        if closes_at is None or closes_at <= now:
            raise InvalidInput(gettext("Give a closing date in the future for the consultation."))
    if (
        to_status == Status.ADOPTED
        and from_status == Status.DRAFT
        and not has_been_consulted(standard)
    ):
        raise InvalidTransition(gettext("Consult on the standard before adopting it."))
    if to_status == Status.ADOPTED and latest_version(standard) is None:
        raise InvalidTransition(gettext("Publish a version before adopting the standard."))
    new_closes = closes_at if to_status == Status.CONSULTATION else None
    # Conditional update: a concurrent change (or the automatic close) wins at most once.
    updated = Standard.objects.filter(pk=standard.pk, status=from_status).update(
        status=to_status, consultation_closes_at=new_closes, updated_at=now
    )
    if not updated:
        raise InvalidTransition(
            gettext("The status changed while you were deciding. Check it again.")
        )
    standard.status, standard.consultation_closes_at = to_status, new_closes
    change = StatusChange.objects.create(
        standard=standard,
        from_status=from_status,
        to_status=to_status,
        actor=None if automatic else actor,
        reason=reason,
        closes_at=new_closes,
        created_at=now,
    )
    version = latest_version(standard)
    if version:
        index_later(version)
    emit(
        "standards.consultation_opened"
        if to_status == Status.CONSULTATION
        else "standards.status_changed",
        actor=None if automatic else actor,
        change=change.pk,
    )
    return change


def standard_close_consultation_if_due(standard: Standard, *, now=None) -> Standard:
    """Close an expired consultation (back to draft). Called on read and by the scheduler."""
    now = now or timezone.now()
    if (
        standard.status == Status.CONSULTATION
        and standard.consultation_closes_at is not None
        and standard.consultation_closes_at <= now
    ):
        closed_on = timezone.localtime(standard.consultation_closes_at)
        try:
            standard_status_change(
                standard=standard,
                actor=None,
                to_status=Status.DRAFT,
                reason=gettext("The consultation closed on %(closed_on)s.")
                % {"closed_on": format(closed_on, "%-d %B %Y at %H:%M")},
                automatic=True,
            )
        except InvalidTransition:
            standard.refresh_from_db()  # someone else closed it first
    return standard


def consultations_close_due(*, now=None, progress=None) -> int:
    """Close every consultation past its closing date; returns how many were closed."""
    now = now or timezone.now()
    due = list(
        Standard.objects.filter(
            status=Status.CONSULTATION, consultation_closes_at__lte=now
        ).select_related("group")
    )
    closed = 0
    for standard in due:
        standard_close_consultation_if_due(standard, now=now)
        if standard.status == Status.DRAFT:
            closed += 1
        if progress:
            progress(standard)
    return closed
