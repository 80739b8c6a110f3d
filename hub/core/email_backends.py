"""An email backend for GOV.UK Notify, the service councils already use.

Chosen with ``EMAIL_URL=govuknotify:`` (SMTP and the others stay available through the same
setting). Notify sends through a template: create one in Notify whose subject is
``((subject))`` and whose body is ``((body))``, and set ``GOVUK_NOTIFY_TEMPLATE_ID`` to it and
``GOVUK_NOTIFY_API_KEY`` to a live key. Notify sends plain text it formats itself (no HTML part)
and adds its own one-click unsubscribe from our ``List-Unsubscribe`` link. Replies go to the
reply-to address registered in Notify (``GOVUK_NOTIFY_REPLY_TO_ID``), so reply-by-email needs
SMTP or a provider that keeps our Reply-To.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)
_LIST_UNSUBSCRIBE = re.compile(r"<(https?://[^>]+)>")


class GovukNotifyBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        self.api_key = getattr(settings, "GOVUK_NOTIFY_API_KEY", "")
        self.template_id = getattr(settings, "GOVUK_NOTIFY_TEMPLATE_ID", "")
        if not self.api_key or not self.template_id:
            raise ImproperlyConfigured(
                "EMAIL_URL=govuknotify: needs GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID "
                "(a Notify template whose subject is ((subject)) and body is ((body)))."
            )
        self.reply_to_id = getattr(settings, "GOVUK_NOTIFY_REPLY_TO_ID", "") or None
        self.base_url = getattr(
            settings, "GOVUK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        )
        self.client = None

    def open(self) -> bool:
        if self.client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self.client = NotificationsAPIClient(self.api_key, base_url=self.base_url)
            return True
        return False

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        if not email_messages:
            return 0
        created = self.open()
        sent = 0
        try:
            for message in email_messages:
                sent += self._send(message)
        finally:
            if created:
                self.close()
        return sent

    def _send(self, message: EmailMessage) -> int:
        unsubscribe = _LIST_UNSUBSCRIBE.search(message.extra_headers.get("List-Unsubscribe", ""))
        try:
            for address in message.recipients():
                self.client.send_email_notification(
                    email_address=address,
                    template_id=self.template_id,
                    personalisation={"subject": message.subject, "body": message.body},
                    email_reply_to_id=self.reply_to_id,
                    one_click_unsubscribe_url=unsubscribe.group(1) if unsubscribe else None,
                )
        except Exception:
            if not self.fail_silently:
                raise
            logger.exception("GOV.UK Notify refused an email")
            return 0
        return 1
