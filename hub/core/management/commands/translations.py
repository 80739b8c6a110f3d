"""Refresh the Welsh catalogues: collect strings, keep translations, compile."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hub.core import translations

# Folders that hold no strings of ours (third-party code, built assets, tests, benchmarks).
IGNORE = ["node_modules/*", "build/*", "var/*", "tests/*", "bench/*", "scripts/*", "docs/*"]


class Command(BaseCommand):
    help = (
        "Refresh locale/cy/LC_MESSAGES/django.po and djangojs.po from the templates, Python "
        "and JavaScript (makemessages), set the six Welsh plural forms, fill untranslated "
        "entries from translation-memory JSON files (--memory), optionally save every "
        "translation to a memory file (--export-memory), then compile the .mo files that the "
        "site reads (commit both). Needs GNU gettext (xgettext, msgmerge, msgfmt) and polib."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--memory",
            action="append",
            default=[],
            type=Path,
            help="JSON file of msgid -> Welsh (a list of six forms for plurals); repeatable.",
        )
        parser.add_argument(
            "--export-memory", type=Path, help="Write every translated entry to this JSON file."
        )
        parser.add_argument(
            "--no-extract", action="store_true", help="Skip makemessages (memory and compile only)."
        )
        parser.add_argument(
            "--no-compile", action="store_true", help="Leave the .mo files as they are."
        )

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError as error:  # a development dependency
            raise CommandError(
                "polib is missing: run `make install` (it installs .[dev])."
            ) from error
        if not options["no_extract"]:
            common = {
                "locale": ["cy"],
                "ignore_patterns": IGNORE,
                "no_obsolete": True,
                "add_location": "file",
                "verbosity": 0,
            }
            call_command("makemessages", domain="django", **common)
            call_command("makemessages", domain="djangojs", extensions=["js", "mjs"], **common)
        memory = {}
        for path in options["memory"]:
            if not path.exists():
                raise CommandError(f"No memory file at {path}: check the path.")
            memory.update(translations.read_memory(path))
        exported = {}
        for domain in translations.DOMAINS:
            path = translations.catalogue_path(domain)
            if not path.exists():
                continue
            po = polib.pofile(str(path), wrapwidth=100)
            translations.fix_header(po)
            filled = translations.apply_memory(po, memory)
            po.save()
            exported.update(translations.export_memory(po))
            missing = sum(
                1 for entry in po if not entry.obsolete and not translations.translated(entry)
            )
            self.stdout.write(
                f"{path}: {len(po)} messages, {filled} filled from memory, {missing} untranslated"
            )
        if options["export_memory"]:
            translations.write_memory(options["export_memory"], exported)
            self.stdout.write(f"Wrote {len(exported)} translations to {options['export_memory']}")
        if not options["no_compile"]:
            call_command(
                "compilemessages",
                locale=["cy"],
                ignore_patterns=[".venv", "node_modules", "build", "var"],
                verbosity=0,
            )
            self.stdout.write("Compiled locale/cy/LC_MESSAGES/*.mo")
