"""Starting a standard, its details, and saving the working draft (revision-checked)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from hub.core import content_language
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_can_edit, group_is_visible_to
from hub.standards.anchoring import (
    AnchorError,
    ParsedBlock,
    parse_blocks,
)
from hub.standards.models import (
    Licence,
    Standard,
    Status,
)
from hub.standards.selectors import (
    latest_version,
    standard_can_edit,
)
from hub.standards.services.errors import (
    DraftConflict,
    InvalidInput,
    NotAllowed,
    StandardNotFound,
)
from search.outbox import index_later

RESERVED_SLUGS = {"new", "feed"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "standard"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Standard.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def check_body(body: str) -> list[ParsedBlock]:
    if len(body) > settings.MARKDOWN_MAX_CHARS:
        raise InvalidInput(
            gettext(
                "The standard must be %(MARKDOWN_MAX_CHARS)s characters or fewer; this text has %(len)s. Nothing was cut: split it or shorten it."
            )
            % {
                "MARKDOWN_MAX_CHARS": format(settings.MARKDOWN_MAX_CHARS, ","),
                "len": format(len(body), ","),
            }
        )
    try:
        return parse_blocks(body)
    except AnchorError as error:
        raise InvalidInput(str(error)) from error


@transaction.atomic
def standard_create(
    *,
    group: WorkingGroup,
    creator,
    title: str,
    summary: str,
    licence: str = Licence.OGL_3,
    services=(),
    body: str = "",
    slug: str = "",
    language: str | None = None,
) -> Standard:
    """Start a standard in a group (editors and convenors only), with an optional first draft."""
    if not group_is_visible_to(group, creator):
        raise StandardNotFound(gettext("That group does not exist."))
    if not group_can_edit(group, creator):
        raise NotAllowed(gettext("Only the group's editors and convenors can start a standard."))
    check_body(body)
    standard = Standard.objects.create(
        group=group,
        title=title,
        slug=slug or _unique_slug(title),
        summary=summary,
        licence=licence,
        language=content_language.clean(language, creator),
        draft_body=body,
        draft_revision=1 if body else 0,
        draft_updated_by=creator if body else None,
        draft_updated_at=timezone.now() if body else None,
        created_by=creator,
    )
    if services:
        standard.services.set(services)
    return standard


@transaction.atomic
def standard_update(
    *,
    standard: Standard,
    actor,
    title: str,
    summary: str,
    licence: str,
    services=None,
    language: str | None = None,
) -> Standard:
    """Change a standard's title, summary, licence and services (editors)."""
    if not standard_can_edit(standard, actor):
        raise NotAllowed(gettext("Only editors can change the standard's details."))
    standard.title, standard.summary, standard.licence = title, summary, licence
    if language:
        standard.language = content_language.clean(language, actor)
    standard.save(update_fields=["title", "summary", "licence", "language", "updated_at"])
    if services is not None:
        standard.services.set(services)
    version = latest_version(standard)
    if version:
        index_later(version)
    return standard


def standard_draft_save(*, standard: Standard, editor, body: str, base_revision: int) -> Standard:
    """Save the working draft if nobody else saved since ``base_revision``.

    The check and the write are one conditional UPDATE, so two editors saving at the same
    moment cannot both win: the second gets ``DraftConflict`` and keeps their text.
    """
    if not standard_can_edit(standard, editor):
        raise NotAllowed(gettext("Only editors can change the draft."))
    if standard.status in {Status.WITHDRAWN, Status.SUPERSEDED}:
        raise NotAllowed(gettext("This standard is closed; its draft can no longer change."))
    check_body(body)
    updated = Standard.objects.filter(pk=standard.pk, draft_revision=base_revision).update(
        draft_body=body,
        draft_revision=F("draft_revision") + 1,
        draft_updated_by=editor,
        draft_updated_at=timezone.now(),
        updated_at=timezone.now(),
    )
    standard.refresh_from_db()
    if not updated:
        who = standard.draft_updated_by or gettext("another editor")
        raise DraftConflict(
            gettext(
                "%(who)s saved the draft while you were editing (revision %(draft_revision)s). Your text has not been saved and is still below: compare it with theirs, then save again."
            )
            % {"who": who, "draft_revision": standard.draft_revision},
            standard=standard,
        )
    return standard
