"""Adds a reply address to notification emails that can be answered by email.

Contributed to ``hub.notifications.emails`` through the ``notification_email_headers``
extension point (``hub.core.contributions``), so notifications never import this app.
Only an email about exactly one notification gets one (a batch or digest has no single thing
to answer), only for kinds that declare ``reply``, only when ``REPLY_EMAIL_DOMAIN`` is set,
and never through GOV.UK Notify, which cannot carry a per-recipient Reply-To.
"""

from django.conf import settings

from hub.email_replies.addresses import domain, reply_address
from hub.notifications.kinds import registry

NOTIFY_BACKEND = "hub.core.email_backends.GovukNotifyBackend"


def replies_possible() -> bool:
    return bool(domain()) and settings.EMAIL_BACKEND != NOTIFY_BACKEND


def reply_to(user, notifications) -> dict | None:
    if len(notifications) != 1 or not replies_possible():
        return None
    [note] = notifications
    kind = registry().get(note.kind)
    if kind is None or kind.reply is None:
        return None
    return {"Reply-To": reply_address(user_id=user.pk, notification_id=note.pk)}


SECTIONS = [reply_to]
