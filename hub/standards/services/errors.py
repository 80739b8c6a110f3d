"""Errors raised by standards services: one base type whose ``message`` is shown to the person."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from hub.standards.models import Standard


class StandardsError(Exception):
    """A refused standards action; ``message`` is safe and useful to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StandardNotFound(StandardsError):
    """The standard is invisible to this person; views answer 404 so existence does not leak."""


class NotAllowed(StandardsError):
    """The person can see the standard but may not do this."""


class AnchorNotFound(StandardsError):
    """The comment names a paragraph that does not exist in that version."""


class InvalidInput(StandardsError):
    """Empty, oversized or malformed input."""


class InvalidTransition(StandardsError):
    """The status workflow does not allow this move now."""


class NothingToPublish(StandardsError):
    pass


class RateLimited(StandardsError):
    pass


class DraftConflict(StandardsError):
    """Someone saved the draft since this editor loaded it; nothing was overwritten."""

    def __init__(self, message: str, *, standard: Standard):
        super().__init__(message)
        self.standard = standard


class BreakingChangeUnconfirmed(StandardsError):
    """A minor version would carry breaking schema changes; the editor must confirm (or choose a
    major version). ``changes`` are the breaking ones."""

    def __init__(self, changes):
        self.changes = changes
        listed = "; ".join(f"{c.where}: {c.detail}" for c in changes[:5])
        more = (
            gettext(" and %(changes)s more") % {"changes": len(changes) - 5}
            if len(changes) > 5
            else ""
        )
        super().__init__(
            ngettext(
                "This minor version has %(len)s breaking schema change (%(listed)s%(more)s). "
                "Data that conforms to the previous version may not conform to this one, which "
                "councils do not expect from a minor version. Publish it as a major version, or "
                "confirm that it is minor.",
                "This minor version has %(len)s breaking schema changes (%(listed)s%(more)s). "
                "Data that conforms to the previous version may not conform to this one, which "
                "councils do not expect from a minor version. Publish it as a major version, or "
                "confirm that it is minor.",
                len(changes),
            )
            % {"len": len(changes), "listed": listed, "more": more}
        )
