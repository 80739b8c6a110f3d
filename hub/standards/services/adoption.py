"""Following a standard and the adoption register (declare, withdraw)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from hub.follows.services import follow_set
from hub.groups.models import WorkingGroup
from hub.standards.models import (
    Adoption,
    Standard,
    StandardVersion,
    Status,
)
from hub.standards.selectors import (
    adoption_can_withdraw,
    latest_version,
    standard_is_visible_to,
)
from hub.standards.services.errors import (
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    StandardNotFound,
)
from search.outbox import index_later


def standard_follow_set(*, standard: Standard, user, following: bool) -> bool:
    if not standard_is_visible_to(standard, user):
        raise StandardNotFound(gettext("That standard does not exist."))
    return follow_set(user=user, target_type="standard", target_id=standard.pk, following=following)


@transaction.atomic
def adoption_declare(
    *,
    standard: Standard,
    user,
    version: StandardVersion,
    kind: str = Adoption.Kind.ADOPTED,
    evidence_url: str = "",
    endpoint_url: str = "",
) -> Adoption:
    """Declare that the user's council adopted (or is implementing) a version.

    A council has one current declaration per standard; a new one closes the previous one, so
    the register keeps every change.
    """
    if not standard_is_visible_to(standard, user):
        raise StandardNotFound(gettext("That standard does not exist."))
    if not user.is_authenticated:
        raise NotAllowed(gettext("Sign in to declare an adoption."))
    council = getattr(getattr(user, "profile", None), "council", None)
    if council is None:
        raise NotAllowed(gettext("Add your council to your profile before declaring an adoption."))
    if version.standard_id != standard.pk:
        raise InvalidInput(gettext("Choose a version of this standard."))
    if standard.status == Status.WITHDRAWN:
        raise NotAllowed(gettext("This standard has been withdrawn; it cannot be adopted."))
    if kind not in Adoption.Kind.values:
        raise InvalidInput(gettext("Choose adopted or implementing."))
    evidence_url = (evidence_url or "").strip()
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise InvalidInput(
            gettext("The evidence link must be a web address starting with https://.")
        )
    endpoint_url = (endpoint_url or "").strip()
    if endpoint_url and not endpoint_url.startswith(("https://", "http://")):
        raise InvalidInput(gettext("The endpoint must be a web address starting with https://."))
    now = timezone.now()
    current = list(
        Adoption.objects.select_for_update()
        .select_related("standard__group")
        .filter(standard=standard, council=council, withdrawn_at__isnull=True)
    )
    for previous in current:
        # Replacing a declaration withdraws it, so it needs the same right as withdrawing.
        if not adoption_can_withdraw(previous, user):
            raise NotAllowed(
                gettext(
                    "%(name)s is already on the register. Only the person who declared it, a verified member of the council or a convenor can change it."
                )
                % {"name": council.name}
            )
    Adoption.objects.filter(pk__in=[previous.pk for previous in current]).update(
        withdrawn_at=now,
        withdrawn_by=user,
        withdrawn_reason=gettext("Replaced by a newer declaration"),
    )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                standard=standard,
                version=version,
                council=council,
                kind=kind,
                evidence_url=evidence_url,
                endpoint_url=endpoint_url[:500],
                declared_by=user,
                declared_at=now,
                declarer_verified=bool(user.profile.council_verified),
            )
    except IntegrityError as error:
        raise InvalidTransition(
            gettext("Someone from your council declared at the same moment. Reload and check.")
        ) from error
    _reindex_standard_sections(standard)  # adopting councils are search facets of its sections
    return adoption


@transaction.atomic
def adoption_withdraw(*, adoption: Adoption, user, reason: str) -> Adoption:
    """Withdraw a declaration. Kept for the audit.

    Allowed to the original declarer, a verified member of that council, or a convenor: an
    unverified "I work there" on a profile is not enough to take a council off the register.
    """
    if not standard_is_visible_to(adoption.standard, user):
        raise StandardNotFound(gettext("That standard does not exist."))
    if not adoption_can_withdraw(adoption, user):
        raise NotAllowed(
            gettext(
                "Only the person who declared it, a verified member of the council or a convenor "
                "can withdraw it."
            )
        )
    if adoption.withdrawn_at is not None:
        raise InvalidInput(gettext("That declaration has already been withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(gettext("Say why the declaration is being withdrawn."))
    if len(reason) > 500:
        raise InvalidInput(gettext("Give the reason in 500 characters or fewer."))
    adoption.withdrawn_at, adoption.withdrawn_by = timezone.now(), user
    adoption.withdrawn_reason = reason
    adoption.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    _reindex_standard_sections(adoption.standard)
    return adoption


def _reindex_standard_sections(standard: Standard) -> None:
    version = latest_version(standard)
    if version is not None:
        index_later(version)


def standards_reindex_for_group(*, group: WorkingGroup) -> None:
    """Queue every searchable object of the group's standards (after a visibility change)."""
    for standard in group.standards.all():
        version = latest_version(standard)
        if version:
            index_later(version)
        index_later(*standard.threads.all())
