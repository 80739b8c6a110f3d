"""Personal access tokens for the JSON API (docs/api.md).

Only a SHA-256 hash of a token is stored: the token is shown once, when it is created. Tokens
are high-entropy random strings, so a plain hash (not a slow password hash) is enough and keeps
each API request to one indexed lookup. ``prefix`` is the token's visible start, for people to
tell their tokens apart.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Areas a token can be scoped to, each with "read" and "write" ("write" includes "read").
# Councils, services, people and search are public directories: any valid token reads them.
AREAS = {
    "blog": _("Posts and comments"),
    "standards": _("Working groups, standards, comment threads and adoption"),
    "channels": _("Discussion channels and messages"),
    "sharing": _("Projects, project updates and artefacts"),
}
LEVELS = ("read", "write")
SCOPES = [f"{area}:{level}" for area in AREAS for level in LEVELS]


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, area: str, level: str) -> bool:
        """Whether the token may ``level`` ("read"/"write") in ``area``; write includes read."""
        if f"{area}:write" in self.scopes:
            return True
        return level == "read" and f"{area}:read" in self.scopes
