"""Deleting an account at its owner's request.

The account row stays as a tombstone so that what the member leaves behind still has an
author: it is shown as "a former member" (``Profile.is_former``). Everything that identified
them goes: name, handle, profile, email addresses, connected accounts, password, sessions,
tokens, webhooks, follows, settings. What they wrote either stays, anonymised, or is removed
through each app's own services, by their choice (``member_data.erase``).
"""

from __future__ import annotations

import logging
import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.lifecycle.registry import member_data_modules
from accounts.models import AccountAuditEntry, Profile, User
from hub.core.i18n import recipient_language
from hub.core.pagecache import invalidate, member_pages_changed
from search.outbox import index_authored_by, index_later

logger = logging.getLogger(__name__)


class AccountDeletionError(Exception):
    """The account cannot be deleted as asked (``message`` says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def account_delete(*, user: User, remove_content: bool) -> dict[str, dict[str, int]]:
    """Delete the member's account; returns what each app did (also in the audit entry)."""
    if not user.is_active or user.pk is None:
        raise AccountDeletionError(gettext("This account has already been deleted."))
    address = user.email
    language = recipient_language(user)  # the goodbye is in their language, after the scrub
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        counts: dict[str, dict[str, int]] = {}
        for label, module in member_data_modules():
            erase = getattr(module, "erase", None)
            if erase is not None:
                counts[label] = erase(user, remove_content=remove_content) or {}
        _scrub(user)
        AccountAuditEntry.objects.create(
            user_ref=user.pk,
            action=AccountAuditEntry.Action.DELETED,
            detail={"remove_content": remove_content, "counts": counts},
        )
        # Everything that carried their name is re-indexed as by "a former member".
        index_authored_by(user.pk)
        invalidate()
        member_pages_changed([user.pk])
        user_id = user.pk
        transaction.on_commit(lambda: _after_commit(user_id, address, remove_content, language))
    return counts


def _scrub(user: User) -> None:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.interests.clear()
    for name in ("display_name", "job_title", "bio", "website", "github", "mastodon", "linkedin"):
        setattr(profile, name, "")
    # Posts keep their addresses under a handle that names no one.
    profile.handle = f"former-{secrets.token_hex(5)}"
    profile.council, profile.council_verified, profile.is_former = None, False, True
    profile.save()
    index_later(profile)  # gone from search: the profile of an inactive account has no document
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"former-{user.pk}-{secrets.token_hex(4)}@deleted.invalid"
    user.is_active = user.is_staff = user.is_superuser = False
    # A new password hash also voids every session at its next request (Django checks it).
    user.set_unusable_password()
    user.save()


def _after_commit(user_id: int, address: str, remove_content: bool, language: str) -> None:
    from accounts.tasks import accounts_end_sessions

    accounts_end_sessions(user_id)
    _send_goodbye(address, remove_content, language)


def _send_goodbye(address: str, remove_content: bool, language: str) -> None:
    context = {"remove_content": remove_content, "site_url": settings.SITE_URL}
    with translation.override(language):
        send_mail(
            subject=gettext("[LocalGov Hub] Your account has been deleted"),
            message=render_to_string("accounts/email/account_deleted.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )


def sessions_end(user_id: int) -> int:
    """Delete every stored session of this member (and its cached copy)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).only(
        "session_key", "session_data"
    )
    for session in sessions.iterator(chunk_size=500):
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user_id):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
