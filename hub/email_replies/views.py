"""The inbound-email webhook for mail providers (production).

``POST /inbound/email/`` with the shared secret ``INBOUND_EMAIL_SECRET`` as
``Authorization: Bearer <secret>`` or as the password of HTTP Basic auth (what SendGrid,
Postmark and Mailgun let you put in the URL). The email itself comes either as the raw body
(``Content-Type: message/rfc822``) or as a form field holding the full MIME message: ``email``
(SendGrid Inbound Parse with "POST the raw, full MIME message"), ``body-mime`` (Mailgun's
"store and notify" MIME variant) or ``mime``; the envelope recipient, if sent, from
``envelope`` (SendGrid's JSON), ``recipient`` or ``to``. Answers 200 with the outcome (so the
provider does not retry an email we decided about), 401 without the secret, 400 for
something that is not an email, 413 when too large, 404 when the endpoint is off.
"""

from __future__ import annotations

import base64
import contextlib
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub.email_replies.parsing import UnreadableEmail
from hub.email_replies.services import inbound_email_receive

MIME_FIELDS = ("email", "body-mime", "mime")


def max_bytes() -> int:
    return int(getattr(settings, "INBOUND_EMAIL_MAX_BYTES", 10 * 1024 * 1024))


def _authorised(request: HttpRequest, secret: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return constant_time_compare(value.strip(), secret)
    if scheme.lower() == "basic":
        try:
            _, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return constant_time_compare(password, secret)
    return False


def _envelope_to(request: HttpRequest) -> list[str]:
    found = []
    envelope = request.POST.get("envelope")
    if envelope:
        with contextlib.suppress(ValueError, AttributeError):  # not SendGrid's JSON: ignore
            found.extend(str(a) for a in json.loads(envelope).get("to", []))
    for name in ("recipient", "to"):
        if request.POST.get(name):
            found.append(request.POST[name])
    return found


@csrf_exempt
@require_POST
def inbound_email(request: HttpRequest) -> HttpResponse:
    secret = getattr(settings, "INBOUND_EMAIL_SECRET", "")
    if not secret:
        raise Http404("Inbound email is not configured.")
    if not _authorised(request, secret):
        response = JsonResponse({"error": "unauthorised"}, status=401)
        response["WWW-Authenticate"] = 'Basic realm="inbound email"'
        return response
    if int(request.headers.get("Content-Length") or 0) > max_bytes():
        return JsonResponse({"error": "too large"}, status=413)
    envelope: list[str] = []
    if request.content_type == "message/rfc822":
        raw = request.body
    else:
        raw = b""
        for name in MIME_FIELDS:
            if name in request.FILES:
                raw = request.FILES[name].read(max_bytes() + 1)
            elif request.POST.get(name):
                raw = request.POST[name].encode("utf-8", errors="surrogateescape")
            if raw:
                break
        envelope = _envelope_to(request)
    try:
        record = inbound_email_receive(raw, source="http", envelope_to=envelope)
    except UnreadableEmail as error:
        return JsonResponse({"error": f"not an email: {error}"}, status=400)
    return JsonResponse({"outcome": record.outcome, "reason": record.reason})
