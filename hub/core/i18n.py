"""The interface language: English or Welsh, chosen per visitor (docs/i18n.md, decision 0180).

The language of a request, in order:

1. ``?lang=cy`` / ``?lang=en`` on the URL: the header's "English | Cymraeg" links and the
   ``hreflang`` alternates. It is remembered: in the language cookie, and on a signed-in
   member's account;
2. a signed-in member's account setting (so signing in on a new device applies it);
3. the language cookie (signed-out readers);
4. English.

The browser's ``Accept-Language`` is deliberately not consulted: GOV.UK services start in
English and offer Welsh, and a language that follows only the URL and one cookie keeps the
signed-out page cache to two copies of a page (``hub/core/pagecache.py`` keys by
``cookie_language``). URLs are the same in both languages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_PARAM = "lang"
WELSH = "cy"
ENGLISH = "en-gb"
# What each language calls itself, and the hreflang/lang value for it.
HTML_LANG = {ENGLISH: "en-GB", WELSH: "cy"}
# The switcher's hidden text, always in the language it offers (GOV.UK/HMRC pattern).
SWITCH_TO = {ENGLISH: "Change the language to English", WELSH: "Newid yr iaith i\u2019r Gymraeg"}


def supported(code: str | None) -> str | None:
    """``cy``/``en``/``en-GB``... as one of ``settings.LANGUAGES``, or None."""
    code = (code or "").strip().lower().replace("_", "-")
    if not code:
        return None
    if code in (WELSH, "cy-gb"):
        return WELSH
    if code == "en" or code.startswith("en-"):
        return ENGLISH
    return None


def requested_language(request: HttpRequest) -> str | None:
    return supported(request.GET.get(LANGUAGE_PARAM))


def cookie_language(request: HttpRequest) -> str:
    """The language before anyone is signed in: ``?lang=``, then the cookie, then English."""
    return (
        requested_language(request)
        or supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or settings.LANGUAGE_CODE
    )


def html_lang(code: str | None = None) -> str:
    """The ``lang``/``hreflang`` value for a language code (the active one by default)."""
    return HTML_LANG.get(supported(code or translation.get_language()) or ENGLISH, "en-GB")


def recipient_language(user) -> str:
    """The language to write to a member in (emails, notifications): their setting, else
    English, whatever the language of the request or job that causes the message."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def in_language_of(user):
    """``with in_language_of(member):`` render an email or notification for them."""
    return translation.override(recipient_language(user))


def switch_url(request: HttpRequest, code: str) -> str:
    """This page's path and query with ``lang`` set to ``code`` (``en`` or ``cy``)."""
    query = request.GET.copy()
    query[LANGUAGE_PARAM] = "cy" if code == WELSH else "en"
    return f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"


def _set_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


class LanguageMiddleware:
    """Activate the request's language (see the module docstring); after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        member = user if user is not None and user.is_authenticated else None
        requested = requested_language(request)
        if requested and member is not None and member.language != requested:
            from accounts.services import account_language_set

            account_language_set(user=member, language=requested)
        language = requested or (member.language if member else "") or cookie_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # Sign-in replaces request.user: the member's own setting wins from then on.
        user = getattr(request, "user", None)
        if not requested and user is not None and user.is_authenticated and user.language:
            language = user.language
        stored = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if stored != language and (stored or language != settings.LANGUAGE_CODE):
            _set_cookie(response, language)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", html_lang(language))
        return response
