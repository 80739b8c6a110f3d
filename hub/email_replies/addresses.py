"""Reply addresses: ``reply+<token>@REPLY_EMAIL_DOMAIN``, one per notification email.

The token names the member and the notification the email was about, and when it was made,
with an HMAC (from ``SECRET_KEY``) over all three. So the address itself authorises the reply,
not the From header, and it expires ``REPLY_BY_EMAIL_DAYS`` after the email was sent. Lower
case only (some mail servers fold the local part), and well under the 64-character limit.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "hub.email_replies.address"
ADDRESS = re.compile(r"reply\+([0-9a-z]+-[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16})@([^\s>@]+)", re.I)


def domain() -> str:
    return (getattr(settings, "REPLY_EMAIL_DOMAIN", "") or "").strip().lower()


def valid_days() -> int:
    return int(getattr(settings, "REPLY_BY_EMAIL_DAYS", 30))


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _mac(payload: str) -> str:
    digest = salted_hmac(SALT, payload, algorithm="sha256").digest()
    return base64.b32encode(digest).decode().lower()[:16]


def reply_address(*, user_id: int, notification_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    payload = f"{_b36(user_id)}-{_b36(notification_id)}-{_b36(issued)}"
    return f"reply+{payload}-{_mac(payload)}@{domain()}"


@dataclass(frozen=True)
class ReplyToken:
    user_id: int
    notification_id: int
    issued_at: int

    @property
    def expired(self) -> bool:
        return time.time() > self.issued_at + valid_days() * 86400


def find_token(addresses: list[str]) -> tuple[str, ReplyToken | None] | None:
    """The first reply address on our domain among ``addresses``, with its token when the
    signature is good (``None`` for a forged or damaged one); ``None`` if there is no address."""
    ours = domain()
    for address in addresses:
        for match in ADDRESS.finditer(address or ""):
            if match.group(2).lower() != ours:
                continue
            token = match.group(1).lower()
            payload, _, mac = token.rpartition("-")
            if not constant_time_compare(mac, _mac(payload)):
                return token, None
            user, notification, issued = (int(part, 36) for part in payload.split("-"))
            return token, ReplyToken(user, notification, issued)
    return None
