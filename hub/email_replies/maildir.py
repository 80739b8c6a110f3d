"""Reading replies from a Maildir (the embedded default: ``INBOUND_MAILDIR``).

Whatever delivers mail for the reply domain (Postfix, ``fetchmail`` from a mailbox, or a
person dropping a file into ``new/`` on ``make run``) writes files into ``new/``; this reads
each once, handles it, and files it in ``cur/`` marked seen (``:2,S``, the Maildir rule), or in
``failed/`` when it is not an email at all. Nothing is read twice and nothing vanishes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings

from hub.email_replies.parsing import UnreadableEmail
from hub.email_replies.services import inbound_email_receive

logger = logging.getLogger(__name__)


def configured_maildir() -> Path | None:
    path = getattr(settings, "INBOUND_MAILDIR", "")
    return Path(path) if path else None


def maildir_receive(path: Path) -> dict[str, int]:
    """Handle every new message in the Maildir at ``path``; returns counts by outcome."""
    for sub in ("new", "cur", "tmp", "failed"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for entry in sorted((path / "new").iterdir()):
        if not entry.is_file() or entry.name.startswith("."):
            continue
        raw = entry.read_bytes()
        try:
            outcome = inbound_email_receive(raw, source="maildir").outcome
        except UnreadableEmail as error:
            logger.warning("inbound mail %s is not an email (%s): moved to failed/", entry, error)
            os.replace(entry, path / "failed" / entry.name)
            outcome = "unreadable"
        else:
            os.replace(entry, path / "cur" / f"{entry.name.partition(':')[0]}:2,S")
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
