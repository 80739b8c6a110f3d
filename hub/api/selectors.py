"""Reads for personal access tokens."""

from django.db.models import QuerySet

from hub.api.models import PersonalAccessToken


def tokens_of(*, user) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
