"""The chat client's own text comes from Django's JavaScript catalogue, in Welsh too."""

import json
import re

from django.conf import settings
from django.urls import reverse

CLIENT = settings.BASE_DIR / "static" / "js" / "discussions" / "chat.mjs"


def _catalogue(client, language: str) -> dict:
    response = client.get(reverse("javascript-catalog", args=[language]))
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    return json.loads(found.group(1)) if found else {}


def _client_msgids() -> list[str]:
    source = CLIENT.read_text()
    singles = re.findall(r'\bgettext\("((?:[^"\\]|\\.)*)"\)', source)
    plurals = re.findall(r'\bngettext\("((?:[^"\\]|\\.)*)",', source)
    return singles + plurals


def test_every_string_of_the_chat_client_has_welsh(client):
    msgids = _client_msgids()
    assert len(msgids) >= 8  # the client's text goes through gettext()
    welsh = _catalogue(client, "cy")
    missing = [m for m in msgids if not welsh.get(m)]
    assert not missing, missing
    assert welsh["Connection lost."] == "Collwyd y cysylltiad."
    assert welsh["Live updates are off. Reload the page to see new messages."].startswith(
        "Mae diweddariadau byw"
    )


def test_welsh_strings_of_the_chat_client_keep_their_placeholders(client):
    welsh = _catalogue(client, "cy")
    presence = welsh["%(names)s and %(more)s more (%(count)s here)"]
    assert all(p in presence for p in ("%(names)s", "%(more)s", "%(count)s"))
    assert welsh["%(name)s is typing…"] == "Mae %(name)s yn teipio…"


def test_english_catalogue_leaves_the_client_in_english(client):
    english = _catalogue(client, "en")
    assert not english.get("Connection lost.")
