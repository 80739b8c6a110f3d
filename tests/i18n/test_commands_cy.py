"""Management commands answer in the operator's language (hub.core.commands)."""

import ast
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hub.core.commands import LOCALE_VARIABLES, operator_language

ROOT = Path(__file__).resolve().parents[2]
# Developer tooling, not for the hub's operators: it speaks English.
ENGLISH_ONLY = {"translations.py"}
_WORDS = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def welsh_operator(monkeypatch):
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "cy_GB.UTF-8"}, "cy"),
        ({"LANGUAGE": "cy:en", "LANG": "en_GB.UTF-8"}, "cy"),
        ({"LC_ALL": "cy_GB.UTF-8@euro"}, "cy"),
        ({"LC_ALL": "C", "LANG": "cy_GB.UTF-8"}, "en-gb"),  # the first one set decides
        ({"LANG": "fr_FR.UTF-8"}, "en-gb"),
        ({}, "en-gb"),
    ],
)
def test_the_operators_locale_chooses_the_language(environ, language):
    assert operator_language(environ) == language


@pytest.mark.django_db
def test_a_command_reports_in_welsh_to_a_welsh_operator(welsh_operator, capsys):
    call_command("purge_validation_runs")
    assert "Dilëwyd 0 adroddiad" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Rhaid i --days fod rhwng 1 a"):
        call_command("search_unmet", "--days", "365")


def test_help_is_in_the_operators_language(welsh_operator, capsys):
    from django.core.management import load_command_class

    command = load_command_class("search", "search_unmet")
    with pytest.raises(SystemExit):
        command.run_from_argv(["manage.py", "search_unmet", "--help"])
    help_text = capsys.readouterr().out
    assert "Rhestru'r chwiliadau mwyaf cyffredin" in help_text
    assert "Edrych yn ôl hyn o ddiwrnodau (1-90" in help_text
    assert "List the most frequent" not in help_text


@pytest.mark.django_db
def test_an_english_operator_still_reads_english(monkeypatch, capsys):
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    call_command("purge_validation_runs")
    assert "Deleted 0 expired reports." in capsys.readouterr().out


def _commands() -> list[Path]:
    found = [
        path
        for folder in ("hub", "search", "accounts")
        for path in (ROOT / folder).rglob("management/commands/*.py")
        if path.name != "__init__.py" and path.name not in ENGLISH_ONLY
    ]
    assert len(found) >= 15
    return sorted(found)


def _message(node: ast.expr) -> ast.expr:
    """The text written: unwrap ``self.style.SUCCESS(...)``."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "style":
            node = node.args[0]
        else:
            break
    return node


def _english(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and _WORDS.search(part.value) for part in node.values
        )
    return False


@pytest.mark.parametrize("path", _commands(), ids=lambda p: p.stem)
def test_every_command_speaks_through_gettext(path):
    tree = ast.parse(path.read_text())
    bases = [
        base.id
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == "Command"
        for base in node.bases
        if isinstance(base, ast.Name)
    ]
    assert bases == ["HubCommand"], f"{path.name}: subclass hub.core.commands.HubCommand"
    untranslated = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        writes = isinstance(func, ast.Attribute) and func.attr == "write"
        raises = isinstance(func, ast.Name) and func.id == "CommandError"
        if (writes or raises) and _english(_message(node.args[0])):
            untranslated.append(f"line {node.lineno}: {ast.unparse(node.args[0])[:80]}")
    # --help too: the command's description and each option's help.
    for node in ast.walk(tree):
        value = None
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "help" for target in node.targets)
        ) or (isinstance(node, ast.keyword) and node.arg == "help"):
            value = node.value
        if value is not None and _english(value):
            untranslated.append(f"line {value.lineno}: help {ast.unparse(value)[:60]}")
    assert not untranslated, f"{path.name}: wrap in gettext\n" + "\n".join(untranslated)
