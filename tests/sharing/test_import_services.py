"""python manage.py import_services: idempotent, all or nothing, problems reported by line."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hub.sharing.models import ServiceTopic

SAMPLE = Path(__file__).resolve().parents[2] / "hub" / "sharing" / "data" / "services_sample.csv"

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "services.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_file_imports_with_parents_and_synonyms(capsys):
    call_command("import_services", str(SAMPLE))
    assert ServiceTopic.objects.count() == 20
    missed = ServiceTopic.objects.get(code="SVC-102")
    assert missed.name == "Missed bin collection"
    assert missed.parent.code == "SVC-100"
    assert "bin not collected" in missed.synonym_list
    assert "20 created" in capsys.readouterr().out


def test_running_it_again_changes_nothing(capsys):
    call_command("import_services", str(SAMPLE))
    slugs = dict(ServiceTopic.objects.values_list("code", "slug"))
    capsys.readouterr()
    call_command("import_services", str(SAMPLE))
    assert "0 created, 0 updated, 20 unchanged" in capsys.readouterr().out
    assert dict(ServiceTopic.objects.values_list("code", "slug")) == slugs


def test_reimport_updates_names_but_keeps_slugs(tmp_path):
    call_command("import_services", str(write(tmp_path, "id,name\n1,Bins\n")))
    call_command("import_services", str(write(tmp_path, "id,name\n1,Bin collection\n")))
    topic = ServiceTopic.objects.get(code="1")
    assert (topic.name, topic.slug) == ("Bin collection", "bins")


def test_lgsl_style_headers_and_pipe_synonyms_are_accepted(tmp_path):
    path = write(
        tmp_path,
        "Identifier,Label,Scope note,Synonyms\n524,Potholes,Road holes,pothole|road defect\n",
    )
    call_command("import_services", str(path))
    topic = ServiceTopic.objects.get(code="524")
    assert topic.synonym_list == ["pothole", "road defect"]
    assert topic.description == "Road holes"


def test_malformed_rows_are_reported_by_line_and_nothing_is_imported(tmp_path):
    path = write(
        tmp_path,
        "id,name,description,synonyms,parent\n"
        "1,Good row,,,\n"
        ",No id,,,\n"
        "3,,,,\n"
        "1,Duplicate,,,\n"
        "5,Orphan,,,999\n"
        "6,Self,,,6\n"
        "7,Too many,,,,extra\n",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_services", str(path))
    message = str(error.value)
    assert "nothing was changed" in message
    for expected in (
        "line 3: the id is missing",
        "line 4: the name is missing",
        "line 5: id 1 already appeared on line 2",
        "line 6: parent 999 is not an id",
        "line 7: service 6 cannot be its own parent",
        "line 8: more values than the header",
    ):
        assert expected in message
    assert not ServiceTopic.objects.exists()


def test_wrong_header_and_missing_file_are_explained(tmp_path):
    with pytest.raises(CommandError, match="no id column"):
        call_command("import_services", str(write(tmp_path, "code_name,foo\nx,y\n")))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_services", str(tmp_path / "missing.csv"))


def test_parent_cycle_across_rows_is_refused(tmp_path):
    path = write(tmp_path, "id,name,parent\nA,Alpha,B\nB,Beta,A\n")
    with pytest.raises(CommandError, match="circle"):
        call_command("import_services", str(path))
    assert not ServiceTopic.objects.exists()


def test_help_describes_the_columns(capsys):
    with pytest.raises(SystemExit):
        call_command("import_services", "--help")
    out = capsys.readouterr().out
    assert "synonyms" in out and "nothing is changed" in out
