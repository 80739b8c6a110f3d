"""The API reference page in Welsh: the OpenAPI document's words are translated where listed
in hub/api/reference_strings.py; the document itself stays English."""

from django.conf import settings

from hub.api.main import api
from hub.api.reference_strings import OPENAPI_TEXT
from hub.api.views import _operations
from tests.i18n.pseudo import missing_welsh


def _texts() -> set[str]:
    texts = set()
    for section in _operations(api.get_openapi_schema(path_prefix="/api/v1")):
        texts.add(section["tag"]["text"])
        for op in section["operations"]:
            texts |= {op["summary"]["text"], op["description"]["text"]}
            texts |= {p["description"]["text"] for p in op["params"] + op["body"]}
    return {t for t in texts if t}


def test_every_text_the_reference_shows_is_listed_and_has_welsh():
    shown = _texts()  # English: no language is active here
    unlisted = sorted(shown - set(OPENAPI_TEXT))
    assert not unlisted, "add to hub/api/reference_strings.py, then translate:\n" + "\n".join(
        unlisted
    )
    assert not missing_welsh(shown)


def test_the_reference_reads_in_welsh_and_the_document_stays_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get("/api/").content.decode()
    assert "Rhestru cynghorau" in page and "List Councils" not in page
    assert 'lang="en-GB">' not in page.split("<main", 1)[1]  # nothing left in English
    document = client.get("/api/v1/openapi.json").json()
    assert document["paths"]["/api/v1/councils"]["get"]["summary"] == "List Councils"
