""" "Download my data": a JSON file of what the member wrote and chose, built by a job.

The member asks; a job builds the file one app at a time (``parts_done`` / ``parts_total``
show progress on the page), stores it outside the media folder under a random name, and emails
a link. The link is signed (it names the export and its owner), works only for that owner
while signed in, and stops working ``ACCOUNT_EXPORT_DAYS`` after the file was ready; a
periodic job deletes expired files.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.lifecycle.registry import ENCODER, member_data_modules
from accounts.models import AccountAuditEntry, DataExport, User
from hub.core.i18n import in_language_of

FORMAT_VERSION = 1
LINK_SALT = "accounts.data-export"


def exports_root() -> Path:
    return Path(getattr(settings, "ACCOUNT_EXPORTS_ROOT", settings.BASE_DIR / "var" / "exports"))


def export_days() -> int:
    return int(getattr(settings, "ACCOUNT_EXPORT_DAYS", 7))


def export_token(export: DataExport) -> str:
    return signing.dumps({"x": export.pk, "u": export.user_id}, salt=LINK_SALT)


def export_request(*, user: User) -> tuple[DataExport, bool]:
    """Start building the member's download, or return the one already under way (False)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        _give_up_stuck(user=user)
        current = DataExport.objects.filter(
            user=user, state__in=[DataExport.State.QUEUED, DataExport.State.RUNNING]
        ).first()
        if current is not None:
            return current, False
        export = DataExport.objects.create(user=user, parts_total=len(member_data_modules()))
        AccountAuditEntry.objects.create(
            user_ref=user.pk, action=AccountAuditEntry.Action.EXPORT_REQUESTED
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export, True


def _enqueue(export_id: int) -> None:
    from accounts.tasks import accounts_build_export

    accounts_build_export(export_id)


def export_build(*, export_id: int) -> DataExport | None:
    """Build the file (the job's body). Idempotent: a finished export is left alone."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state not in (DataExport.State.QUEUED, DataExport.State.RUNNING):
        return export
    user = export.user
    modules = member_data_modules()
    export.state, export.parts_done, export.parts_total = DataExport.State.RUNNING, 0, len(modules)
    export.save(update_fields=["state", "parts_done", "parts_total"])
    document: dict = {
        "format": "localgov-hub-member-data",
        "version": FORMAT_VERSION,
        "created_at": timezone.now(),
        "account_id": user.pk,
    }
    for done, (label, module) in enumerate(modules, start=1):
        document[label] = module.export(user)
        DataExport.objects.filter(pk=export.pk).update(parts_done=done)
    root = exports_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.json"
    (root / name).write_text(json.dumps(document, cls=ENCODER, indent=2, ensure_ascii=False))
    now = timezone.now()
    export.file_name, export.size_bytes = name, (root / name).stat().st_size
    export.state, export.parts_done = DataExport.State.READY, len(modules)
    export.ready_at, export.expires_at = now, now + timedelta(days=export_days())
    export.save()
    _email_link(export)
    return export


def download_url(export: DataExport) -> str:
    return reverse("accounts:data_download", args=[export_token(export)])


def _email_link(export: DataExport) -> None:
    context = {
        "url": settings.SITE_URL + download_url(export),
        "expires_at": export.expires_at,
        "days": export_days(),
    }
    with in_language_of(export.user):
        send_mail(
            subject=gettext("[LocalGov Hub] Your data is ready to download"),
            message=render_to_string("accounts/email/data_export_ready.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[export.user.email],
        )


def export_for_download(*, user: User, token: str) -> tuple[DataExport, Path] | None:
    """The member's ready, unexpired export named by this signed link, else ``None``."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=timedelta(days=export_days() + 1))
        export_id, owner_id = int(data["x"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if owner_id != user.pk:
        return None
    export = DataExport.objects.filter(
        pk=export_id, user=user, state=DataExport.State.READY
    ).first()
    if export is None or export.expires_at is None or export.expires_at <= timezone.now():
        return None
    path = exports_root() / export.file_name
    if not export.file_name or not path.is_file():
        return None
    AccountAuditEntry.objects.create(
        user_ref=user.pk,
        action=AccountAuditEntry.Action.EXPORT_DOWNLOADED,
        detail={"id": export.pk},
    )
    return export, path


STUCK_AFTER = timedelta(hours=1)


def _give_up_stuck(*, user: User | None = None, now=None) -> None:
    """A build that has not finished within an hour has failed for good (its job's retries
    are used up and recorded as a job failure); the member may ask again."""
    stuck = DataExport.objects.filter(
        state__in=[DataExport.State.QUEUED, DataExport.State.RUNNING],
        created_at__lt=(now or timezone.now()) - STUCK_AFTER,
    )
    if user is not None:
        stuck = stuck.filter(user=user)
    stuck.update(state=DataExport.State.FAILED)


def exports_expire(*, now=None) -> int:
    """Delete expired downloads' files; mark builds that never finished as failed."""
    now = now or timezone.now()
    _give_up_stuck(now=now)
    expired = DataExport.objects.filter(state=DataExport.State.READY, expires_at__lte=now)
    count = 0
    for export in expired:
        (exports_root() / export.file_name).unlink(missing_ok=True)
        export.state, export.file_name = DataExport.State.EXPIRED, ""
        export.save(update_fields=["state", "file_name"])
        count += 1
    return count
