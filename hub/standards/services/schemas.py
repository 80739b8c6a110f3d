"""The machine-readable parts of a draft: JSON Schemas, examples and OpenAPI descriptions.

Parts are edited with the draft and revision-checked the same way (a conditional UPDATE on the
revision the editor loaded), checked when saved (a broken part is refused with the exact error
and the editor keeps their text), and frozen into the version on publish
(``services.publishing``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from hub.standards.models import PartKind, SchemaPart, Standard, StandardVersion, Status
from hub.standards.schema_check import PartError, check_part
from hub.standards.selectors import standard_can_edit
from hub.standards.services.errors import DraftConflict, InvalidInput, NotAllowed

MAX_PARTS = 20


class PartConflict(DraftConflict):
    """Someone saved this part since the editor loaded it; ``part`` is theirs."""

    def __init__(self, message: str, *, standard: Standard, part: SchemaPart):
        super().__init__(message, standard=standard)
        self.part = part


def _check_editable(standard: Standard, editor) -> None:
    if not standard_can_edit(standard, editor):
        raise NotAllowed(gettext("Only editors can change the draft's schemas."))
    if standard.status in {Status.WITHDRAWN, Status.SUPERSEDED}:
        raise NotAllowed(gettext("This standard is closed; its draft can no longer change."))


def _check_text(kind: str, text: str) -> None:
    if kind not in PartKind.values:
        raise InvalidInput(gettext("Choose what kind of part this is."))
    size = len(text.encode())
    if size > settings.STANDARDS_PART_MAX_BYTES:
        raise InvalidInput(
            gettext(
                "A part must be %(STANDARDS_PART_MAX_BYTES)s bytes or smaller; this one is %(size)s. Nothing was saved."
            )
            % {
                "STANDARDS_PART_MAX_BYTES": format(settings.STANDARDS_PART_MAX_BYTES, ","),
                "size": format(size, ","),
            }
        )
    try:
        check_part(kind, text)
    except PartError as error:
        raise InvalidInput(error.message) from error


def draft_part_save(
    *,
    standard: Standard,
    editor,
    name: str,
    kind: str,
    text: str,
    base_revision: int | None = None,
) -> SchemaPart:
    """Create a draft part (``base_revision`` None) or save one the editor loaded at
    ``base_revision``. Raises ``InvalidInput`` with the exact problem, ``PartConflict`` when
    another editor saved it in between; nothing is written in either case."""
    _check_editable(standard, editor)
    clean_name = slugify(name)[:60]
    if not clean_name:
        raise InvalidInput(
            gettext("Give the part a name of letters, numbers and hyphens, e.g. schema.")
        )
    _check_text(kind, text)
    now = timezone.now()
    if base_revision is None:
        drafts = SchemaPart.objects.filter(standard=standard, version__isnull=True)
        if drafts.count() >= MAX_PARTS:
            raise InvalidInput(
                gettext("A draft can carry at most %(MAX_PARTS)s parts.") % {"MAX_PARTS": MAX_PARTS}
            )
        try:
            with transaction.atomic():
                return SchemaPart.objects.create(
                    standard=standard,
                    name=clean_name,
                    kind=kind,
                    text=text,
                    updated_by=editor,
                    updated_at=now,
                )
        except IntegrityError as error:
            raise InvalidInput(
                gettext(
                    "The draft already has a part called “%(clean_name)s”. Choose another name."
                )
                % {"clean_name": clean_name}
            ) from error
    updated = SchemaPart.objects.filter(
        standard=standard, version__isnull=True, name=clean_name, revision=base_revision
    ).update(text=text, kind=kind, revision=F("revision") + 1, updated_by=editor, updated_at=now)
    part = SchemaPart.objects.filter(
        standard=standard, version__isnull=True, name=clean_name
    ).first()
    if part is None:
        raise InvalidInput(
            gettext("The draft has no part called “%(clean_name)s” any more.")
            % {"clean_name": clean_name}
        )
    if not updated:
        raise PartConflict(
            gettext(
                "%(editor)s saved “%(name)s” while you were editing (revision %(revision)s). Your text has not been saved and is still below: compare it with theirs, then save again."
            )
            % {
                "editor": part.updated_by or gettext("Another editor"),
                "name": part.name,
                "revision": part.revision,
            },
            standard=standard,
            part=part,
        )
    Standard.objects.filter(pk=standard.pk).update(updated_at=now)
    return part


def draft_part_delete(*, standard: Standard, editor, name: str) -> None:
    _check_editable(standard, editor)
    SchemaPart.objects.filter(standard=standard, version__isnull=True, name=name).delete()


def parts_freeze(*, standard: Standard, version: StandardVersion) -> list[SchemaPart]:
    """Copy the draft's parts onto a newly published version (inside its transaction)."""
    drafts = list(SchemaPart.objects.filter(standard=standard, version__isnull=True))
    return SchemaPart.objects.bulk_create(
        [
            SchemaPart(
                standard=standard,
                version=version,
                name=part.name,
                kind=part.kind,
                text=part.text,
                revision=part.revision,
                updated_by=part.updated_by,
                updated_at=part.updated_at,
            )
            for part in drafts
        ]
    )
