"""Management commands speak the language of the person running them (issue 18).

A command's output and errors are for the operator at the terminal, so they follow the
operator's locale as gettext tools do: the first of ``LANGUAGE`` (a colon-separated list),
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that names one of the site's languages
(``LANG=cy_GB.UTF-8 ./manage.py search_check`` answers in Welsh), else English. Commands
subclass ``HubCommand`` instead of ``BaseCommand`` and wrap their messages in ``gettext`` /
``ngettext`` as anywhere else. What a command *sends* (emails, notifications) is still written
in each recipient's language (``hub.core.i18n.in_language_of``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from hub.core.i18n import supported

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def operator_language(environ: Mapping[str, str] | None = None) -> str:
    """The site language named by the operator's locale variables, else ``LANGUAGE_CODE``."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for locale_name in value.split(":"):
            # "cy_GB.UTF-8@euro" -> "cy_GB"; "C" and "POSIX" name no language.
            code = supported(locale_name.split(".")[0].split("@")[0])
            if code:
                return code
        if variable != "LANGUAGE":
            break  # the first locale variable set decides, as in gettext
    return settings.LANGUAGE_CODE


class HubCommand(BaseCommand):
    """A command whose help, output and errors are in the operator's language."""

    def run_from_argv(self, argv):
        with translation.override(operator_language()):
            return super().run_from_argv(argv)

    def execute(self, *args, **options):
        with translation.override(operator_language()):
            return super().execute(*args, **options)

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Help texts are lazy translations (``help = _("...")``); argparse needs plain strings,
        # read here in the language now active (the operator's, under ``run_from_argv``).
        self.help = str(self.help) if self.help else self.help
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if isinstance(action.help, Promise):
                action.help = str(action.help)
        return parser


def import_refused(file: object, problems: list[str], *, shown: int = 50) -> CommandError:
    """The error an import command raises when a file was refused as a whole.

    Names the file, says nothing was changed and lists the first ``shown`` problems (with a
    count of the rest), so the operator can fix the lines and run the command again.
    """
    lines = "\n".join(f"  {problem}" for problem in problems[:shown])
    more = len(problems) - shown
    if more > 0:
        lines += "\n  " + gettext("... and %(count)s more") % {"count": more}
    return CommandError(
        gettext("%(file)s was not imported; nothing was changed. Fix these lines and run it again:")
        % {"file": file}
        + "\n"
        + lines
    )
