"""Writes for personal access tokens: create (the raw token is returned once), revoke, use."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from hub.api.models import SCOPES, PersonalAccessToken

TOKEN_PREFIX = "lgh_"  # noqa: S105 (a public marker, like GitHub's "ghp_", not a secret)
EXPIRY_DAYS = (7, 30, 90, 365)
MAX_ACTIVE_TOKENS = 20
LAST_USED_RESOLUTION = timedelta(minutes=1)  # at most one UPDATE per token per minute


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(
    *, user: User, name: str, scopes: list[str], expires_in_days: int
) -> tuple[PersonalAccessToken, str]:
    """Make a token; returns it and the raw secret, which is never stored or shown again."""
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = gettext("Give the token a name, like “Council website”.")
    elif len(name) > 80:
        errors["name"] = gettext("The name must be 80 characters or fewer.")
    scopes = sorted(set(scopes or ()))
    if not scopes:
        errors["scopes"] = gettext("Choose at least one area the token may read or write.")
    elif any(scope not in SCOPES for scope in scopes):
        errors["scopes"] = gettext("Choose scopes from the list.")
    if expires_in_days not in EXPIRY_DAYS:
        errors["expires_in_days"] = gettext("Choose when the token expires.")
    active = PersonalAccessToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
    if active >= MAX_ACTIVE_TOKENS:
        errors["name"] = gettext(
            "You have %(active)s active tokens. Revoke one you no longer use first."
        ) % {"active": active}
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        token_hash=token_hash(raw),
        scopes=scopes,
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    return token, raw


def token_revoke(*, token: PersonalAccessToken, user: User) -> PersonalAccessToken:
    if token.user_id != user.pk:
        raise PermissionError(gettext("You can only revoke your own tokens."))
    if token.revoked_at is None:
        from hub.api.readcache import forget_token

        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        forget_token(token.token_hash, token.user_id)
    return token


def token_authenticate(raw: str) -> PersonalAccessToken | None:
    """The active token for this secret, with its user, or None. Records when it was used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        PersonalAccessToken.objects.select_related("user__profile")
        .filter(token_hash=token_hash(raw))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
