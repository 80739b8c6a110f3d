"""import_councils reads mySociety's CSV: idempotent, current only by default, all or nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hub.councils.models import Council, CouncilType

FIXTURE = Path(__file__).parent.parent / "fixtures" / "councils.csv"
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_councils", *args, stdout=out, stderr=StringIO(), verbosity=0)
    return out.getvalue()


def test_imports_current_authorities_with_codes_types_and_nations():
    output = run(str(FIXTURE))
    assert "3 created" in output and "1 ended authorities skipped" in output
    adur = Council.objects.get(code="ADU")
    assert adur.gss_code == "E07000223"
    assert adur.official_name == "Adur District Council"
    assert adur.council_type == CouncilType.DISTRICT
    assert adur.nation == "England" and adur.region == "South East"
    assert adur.slug == "adur"
    assert not Council.objects.filter(code="ALL").exists()


def test_reimport_updates_instead_of_duplicating(tmp_path):
    run(str(FIXTURE))
    Council.objects.filter(code="ADU").update(website="https://www.adur-worthing.gov.uk")
    changed = tmp_path / "changed.csv"
    changed.write_text(FIXTURE.read_text().replace("Adur District Council", "Adur Council"))
    output = run(str(changed))
    assert "0 created, 1 updated, 2 unchanged" in output
    adur = Council.objects.get(code="ADU")
    assert adur.official_name == "Adur Council"
    assert adur.website == "https://www.adur-worthing.gov.uk", "a re-import keeps the website"
    assert Council.objects.count() == 3


def test_include_ended_imports_abolished_authorities():
    run(str(FIXTURE), "--include-ended")
    assert Council.objects.get(code="ALL").end_date.isoformat() == "2023-04-01"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda text: text.replace(",Scotland,Scotland,", ",Atlantis,Scotland,"), "line 2: nation 'Atlantis'"),
        (lambda text: text.replace("ADU,Adur District Council", ",Adur District Council"), "line 3: missing local-authority-code"),
        (lambda text: text.replace("2023-04-01", "01/04/2023"), "line 4: end-date '01/04/2023'"),
        (lambda text: text.replace("local-authority-code,", "code,", 1), "line 1: the header lacks local-authority-code"),
        (lambda text: text + text.splitlines()[1] + "\n", "code ABE already appeared on line 2"),
    ],
)  # fmt: skip
def test_malformed_file_reports_line_and_changes_nothing(tmp_path, mutate, message):
    run(str(FIXTURE))
    before = list(Council.objects.values_list("code", "official_name"))
    bad = tmp_path / "bad.csv"
    bad.write_text(mutate(FIXTURE.read_text().replace("Aberdeen City Council", "Renamed")))
    with pytest.raises(CommandError) as error:
        run(str(bad))
    assert message in str(error.value)
    assert "nothing was changed" in str(error.value)
    assert list(Council.objects.values_list("code", "official_name")) == before


def test_missing_file_says_what_to_do():
    with pytest.raises(CommandError, match="does not exist"):
        run("/nonexistent/file.csv")


def test_help_explains_the_format():
    from hub.councils.management.commands.import_councils import Command

    text = Command().create_parser("manage.py", "import_councils").format_help()
    assert "mySociety" in text and "--include-ended" in text
