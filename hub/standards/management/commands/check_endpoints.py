"""python manage.py check_endpoints"""

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from hub.standards.models import Adoption
from hub.standards.services import endpoint_check, endpoints_check_due


class Command(HubCommand):
    help = _(
        "Check councils' registered endpoints against the version of the standard they "
        "declared, record each check in the endpoint's history, update the adoption register "
        "and notify the declarer and the group's convenors when a conformant endpoint starts "
        "failing or recovers. By default checks only endpoints not checked for a day (the job "
        "queue runs this hourly, so each endpoint is checked daily). Fetches go through the "
        "safe fetcher: public addresses only, with a time and size limit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help=_("check every endpoint now"))
        parser.add_argument("--adoption", type=int, help=_("check one declaration (its id)"))

    def handle(self, *args, **options) -> None:
        def report(adoption, check, summary) -> None:
            state = gettext("ok") if check is not None and check.conforms else gettext("FAIL")
            self.stdout.write(f"  {state} {adoption.council} · {adoption.standard}: {summary}")

        if options["adoption"]:
            adoption = Adoption.objects.filter(pk=options["adoption"]).first()
            if adoption is None or not adoption.endpoint_url or adoption.withdrawn_at:
                raise CommandError(
                    gettext(
                        "No current declaration %(id)s with an endpoint. "
                        "List them on the standard's adoption register."
                    )
                    % {"id": options["adoption"]}
                )
            check = endpoint_check(adoption=adoption, trigger="demand")
            report(adoption, check, check.summary)
            return
        good, bad = endpoints_check_due(everything=options["all"], report=report)
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Checked %(total)s: %(good)s conform, %(bad)s failing.")
                % {"total": good + bad, "good": good, "bad": bad}
            )
        )
