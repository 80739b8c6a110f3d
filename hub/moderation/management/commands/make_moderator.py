"""python manage.py make_moderator EMAIL [EMAIL ...] [--remove]"""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from hub.core.commands import HubCommand
from hub.moderation.services import moderator_grant, moderator_revoke


class Command(HubCommand):
    help = _(
        "Make members moderators (they can hide and restore content and see the queue at "
        "/moderation/), or stop them with --remove. Members are named by the email they sign in "
        "with; they must have signed up first. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("emails", nargs="+", metavar="EMAIL", help=_("Sign-in email address."))
        parser.add_argument(
            "--remove", action="store_true", help=_("Stop these members being moderators.")
        )

    def handle(self, *args, emails: list[str], remove: bool, **options) -> None:
        users = []
        for email in emails:
            user = User.objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise CommandError(
                    gettext(
                        "No member signs in with %(email)s. Ask them to create an account "
                        "first (or check the spelling); nothing was changed."
                    )
                    % {"email": email}
                )
            users.append(user)
        for user in users:
            if remove:
                changed = moderator_revoke(user=user)
                note = (
                    gettext("%(email)s is no longer a moderator.")
                    if changed
                    else gettext("%(email)s was not a moderator.")
                )
                if user.is_staff:
                    note += " " + gettext("(Staff accounts can always moderate.)")
            else:
                changed = moderator_grant(user=user)
                note = (
                    gettext("%(email)s is now a moderator.")
                    if changed
                    else gettext("%(email)s was already a moderator.")
                )
            self.stdout.write(note % {"email": user.email})
