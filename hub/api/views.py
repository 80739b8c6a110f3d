"""The member's own tokens, on their settings pages, and the API's human reference page."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hub.api.forms import TokenForm
from hub.api.models import AREAS, PersonalAccessToken
from hub.api.selectors import tokens_of
from hub.api.services import token_create, token_revoke

SITE = settings.SITE_URL


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            # Shown on this response only: the page is not a redirect target, so reloading it
            # asks to resubmit rather than showing the secret again, and nothing stores it.
            created = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens_of(user=request.user),
            "areas": AREAS,
            "page_title": gettext("API tokens"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(PersonalAccessToken, pk=pk, user=request.user)
    token_revoke(token=token, user=request.user)
    messages.success(
        request, gettext("The token “%(name)s” has been revoked.") % {"name": token.name}
    )
    return redirect("api_tokens")


# Where a parameter goes, as the reference says it (OpenAPI's own words are identifiers).
_PARAMETER_PLACES = {
    "query": pgettext_lazy("openapi location", "query"),
    "path": pgettext_lazy("openapi location", "path"),
    "header": pgettext_lazy("openapi location", "header"),
}


def _shown(text: str) -> dict:
    """An OpenAPI text in the page's language where it has a translation
    (``hub/api/reference_strings.py``), else as written, marked as English."""
    shown = gettext(text) if text else ""
    untranslated = shown == text and not (translation.get_language() or "en").startswith("en")
    return {"text": shown, "lang": "en-GB" if text and untranslated else ""}


def _operations(schema: dict) -> list[dict]:
    """The OpenAPI document as sections by tag, each operation with a worked example."""
    sections: dict[str, list[dict]] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = operation.get("parameters", [])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body_schema = _resolve(schema, body["schema"]) if body else None
            example_path = path.replace("/api/v1", "")
            writes = method != "get"
            curl = ["curl -H 'Authorization: Bearer $HUB_TOKEN' \\"]
            if writes:
                curl.append("     -X " + method.upper() + " -H 'Content-Type: application/json' \\")
                if body_schema:
                    curl.append(f"     -d '{_example_body(body_schema)}' \\")
                if method == "patch":
                    curl.append("     -H 'If-Match: \"<ETag from the GET>\"' \\")
            curl.append(f"     {SITE}{path}")
            sections.setdefault(operation.get("tags", ["Other"])[0], []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "short_path": example_path,
                    "summary": _shown(operation.get("summary", "")),
                    "description": _shown(operation.get("description", "")),
                    "params": [
                        {
                            "name": p["name"],
                            "in": str(_PARAMETER_PLACES.get(p["in"], p["in"])),
                            "required": p.get("required", False),
                            "description": _shown(
                                p.get("description", "")
                                or p.get("schema", {}).get("description", "")
                            ),
                        }
                        for p in params
                    ],
                    "body": [
                        {"name": name, "description": _shown(prop.get("description", ""))}
                        for name, prop in (body_schema or {}).get("properties", {}).items()
                    ],
                    "curl": "\n".join(curl),
                    "writes": writes,
                }
            )
    return [{"id": tag, "tag": _shown(tag), "operations": ops} for tag, ops in sections.items()]


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return node


def _example_body(body: dict) -> str:
    example = {}
    for name in body.get("required", []):
        kind = body["properties"][name].get("type", "string")
        example[name] = {"string": "…", "integer": 1, "array": []}.get(kind, "…")
    return json.dumps(example)


def reference(request: HttpRequest) -> HttpResponse:
    """The human reference: every operation from the OpenAPI document, with an example."""
    from hub.api.main import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return render(
        request,
        "api/reference.html",
        {
            "sections": _operations(schema),
            "areas": AREAS,
            "page_title": gettext("API reference"),
            "site": SITE,
        },
    )
