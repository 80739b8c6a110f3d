"""Webhook signatures: HMAC-SHA256 over ``"{timestamp}.{body}"`` with the webhook's secret.

Headers on every delivery:

- ``X-Hub-Timestamp``: Unix seconds when this attempt was signed;
- ``X-Hub-Signature``: ``sha256=<hex digest>``;
- ``X-Hub-Event``: the event kind; ``X-Hub-Delivery``: the delivery id (the same on retries).

A receiver recomputes the digest over the raw body, compares in constant time, and rejects
timestamps more than five minutes old (replays). See docs/webhooks.md for an example.
"""

import hashlib
import hmac

TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: float) -> bool:
    """What a receiver does (used by the hub's own tests as the reference receiver)."""
    try:
        moment = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - moment) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, moment, body), signature or "")
