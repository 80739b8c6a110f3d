"""python manage.py seed_demo"""

import random
import secrets
from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, User
from hub.core.commands import HubCommand
from hub.moderation.services import moderator_grant

# Each module has ``seed(*, rng, log)`` and may rely on the ones before it.
SEEDERS = [
    "hub.councils.demo",
    "accounts.demo",
    "hub.groups.demo",
    "hub.standards.demo",
    "hub.blog.demo",
    "hub.discussions.demo",
    "hub.sharing.demo",
    "search.demo",
]
DEMO_LOGIN = "demo@localgov.test"


class Command(HubCommand):
    help = _(
        "Fill the hub with a believable demo community: about 30 real councils, 50 "
        "practitioners with interests, and sample posts, standards, channels and projects. "
        "Idempotent: running it again updates the same records instead of duplicating them. "
        "Also creates a demo sign-in (demo@localgov.test), a moderator, and prints its password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help=_("Password for the demo@localgov.test account (default: a random one, printed)."),
        )
        parser.add_argument("--seed", type=int, default=2026, help=_("Random seed (default 2026)."))

    def handle(self, *args, password: str | None, seed: int, **options) -> None:
        rng = random.Random(seed)  # noqa: S311 - demo content, not security

        def log(message: str) -> None:
            self.stdout.write(f"  {message}")

        for dotted in SEEDERS:
            if find_spec(dotted) is None:
                continue
            self.stdout.write(gettext("Seeding %(module)s ...") % {"module": dotted})
            with transaction.atomic():
                import_module(dotted).seed(rng=rng, log=log)

        password = password or secrets.token_urlsafe(12)
        user = User.objects.filter(email=DEMO_LOGIN).first() or User.objects.create_user(
            email=DEMO_LOGIN
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_LOGIN, defaults={"verified": True, "primary": True}
        )
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": "Demo Practitioner", "handle": "demo"}
        )
        # So someone trying the hub can see the moderation side too (/moderation/).
        moderator_grant(user=user)
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Demo data ready. Sign in as %(email)s with password %(password)s")
                % {"email": DEMO_LOGIN, "password": password}
            )
        )
