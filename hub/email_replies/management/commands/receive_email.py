"""Read replies by email from a Maildir, or one message from standard input."""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from hub.email_replies.maildir import configured_maildir, maildir_receive
from hub.email_replies.models import Outcome
from hub.email_replies.parsing import UnreadableEmail
from hub.email_replies.services import inbound_email_receive


def _outcome_label(outcome: str) -> str:
    # "unreadable": the Maildir reader's word for a file that is not an email.
    return str(Outcome(outcome).label) if outcome in Outcome.values else gettext("Unreadable")


class Command(HubCommand):
    help = _(
        "Post replies by email: read every new message in a Maildir (default INBOUND_MAILDIR; "
        "the job queue also does this every minute) and post each as a reply by the member "
        "whose reply address it was sent to. With --stdin, read one message from standard "
        "input (for an MTA pipe: `| manage.py receive_email --stdin`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maildir", type=Path, help=_("Maildir folder (has new/ and cur/)."))
        parser.add_argument("--stdin", action="store_true", help=_("Read one email from stdin."))

    def handle(self, *args, maildir=None, stdin=False, **options):
        if stdin:
            try:
                record = inbound_email_receive(sys.stdin.buffer.read(), source="stdin")
            except UnreadableEmail as error:
                raise CommandError(
                    gettext("That is not an email (%(error)s).") % {"error": error}
                ) from error
            self.stdout.write(
                f"{_outcome_label(record.outcome)}: {record.reason or record.posted_url}"
            )
            return
        path = maildir or configured_maildir()
        if path is None:
            raise CommandError(gettext("No Maildir: pass --maildir PATH or set INBOUND_MAILDIR."))
        counts = maildir_receive(path)
        summary = ", ".join(
            f"{n} {_outcome_label(outcome)}" for outcome, n in sorted(counts.items())
        )
        self.stdout.write(summary or gettext("No new email."))
