"""The language of what members write: posts, standards, channel messages (docs/i18n.md).

Declared once here: the choices, the model field, the default from the author's setting, and
the ``lang`` attribute a template puts on content whose language differs from the page's.
Content languages are BCP 47 primary tags ("en", "cy"): the region of the interface language
("en-gb") says nothing about a text.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

ENGLISH = "en"
WELSH = "cy"
# Each language named in itself, as in the header's switcher.
CONTENT_LANGUAGES = [(ENGLISH, "English"), (WELSH, "Cymraeg")]


def language_field() -> models.CharField:
    return models.CharField(
        _("language"),
        max_length=8,
        choices=CONTENT_LANGUAGES,
        default=ENGLISH,
        help_text=_("The language this is written in."),
    )


def primary(code: str | None) -> str:
    """ "en-gb" -> "en"; "cy" -> "cy"; anything else -> "en"."""
    code = (code or "").lower().split("-")[0]
    return code if code in dict(CONTENT_LANGUAGES) else ENGLISH


def author_default(user) -> str:
    """What a new text by this member is written in unless they say otherwise: their own
    language setting, else the language they are using the hub in."""
    chosen = getattr(user, "language", "") or translation.get_language()
    return primary(chosen)


def clean(language: str | None, user) -> str:
    """A supported content language, or the author's default when none was given."""
    if language and language in dict(CONTENT_LANGUAGES):
        return language
    return author_default(user)


def lang_attribute(language: str | None) -> SafeString:
    """`` lang="cy"`` when the content's language is not the page's; empty otherwise."""
    if not language or primary(language) == primary(translation.get_language()):
        return SafeString("")
    return format_html(' lang="{}"', primary(language))


def form_field():
    """The "Language" radios of an editor form (empty: the author's default)."""
    from django import forms

    return forms.ChoiceField(
        label=_("Language"),
        choices=CONTENT_LANGUAGES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("The language you are writing in. Search and screen readers use it."),
    )
