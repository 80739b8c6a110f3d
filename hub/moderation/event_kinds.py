"""Moderation's event: the notice to an author that a moderator hid or restored their content.

Only the author hears (``audience_only``, no webhook scopes), whatever kind of content it was:
the decision names the content, and the content's own declaration (``<app>/moderation.py``)
says who its author is and where it lives.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.moderation.models import Decision
from hub.moderation.registry import moderatable_for
from hub.notifications.kinds import EventKind


def _decision(data: dict) -> dict | None:
    decision = Decision.objects.filter(pk=data.get("decision")).first()
    if decision is None:
        return None
    model = ContentType.objects.get_for_id(decision.content_type_id).model_class()
    entry = moderatable_for(model._meta.label_lower) if model else None
    target = entry.get_queryset().filter(pk=decision.object_id).first() if entry else None
    if target is None:
        return None  # deleted since
    return {"decision": decision, "entry": entry, "target": target}


def _author(context: dict) -> list[int]:
    author_id = context["entry"].author_id(context["target"])
    return [author_id] if author_id else []


def _title(context: dict) -> str:
    return str(context["entry"].title(context["target"]))[:120]


def _text(context: dict) -> str:
    decision = context["decision"]
    if decision.action == Decision.Action.RESTORE:
        message = gettext("A moderator restored your %(noun)s “%(title)s”. Why: %(note)s")
    else:
        message = gettext("A moderator hid your %(noun)s “%(title)s”. Why: %(note)s")
    return message % {
        "noun": context["entry"].noun,
        "title": _title(context),
        "note": decision.note,
    }


KINDS = [
    # One kind for hide and restore: the member chooses how to hear of moderators' decisions
    # about their content once.
    EventKind(
        name="moderation.decision_made",
        label=_("Moderation"),
        group=_("Moderation"),
        load=_decision,
        recipients=_author,
        text=_text,
        url=lambda c: c["entry"].url(c["target"]),
        email_default="instant",
        excerpt=lambda c: c["decision"].note,
        audience_only=True,
    ),
]
