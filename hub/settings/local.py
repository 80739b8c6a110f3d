"""Development defaults: the one-command run on SQLite and the in-memory channel layer."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)

# ``make run`` runs background jobs and periodic work inside the server process (hub/jobs/embedded.py).
JOBS_EMBEDDED_WORKER = env.bool("JOBS_EMBEDDED_WORKER", default=True)

# Replies by email on ``make run``: notification emails (files in var/mail/) carry
# reply+…@reply.localhost; a reply saved as a file in var/inbound-mail/new/ is posted within a
# minute by the embedded job queue (or at once by ``manage.py receive_email``).
REPLY_EMAIL_DOMAIN = env("REPLY_EMAIL_DOMAIN", default="reply.localhost")
INBOUND_MAILDIR = env("INBOUND_MAILDIR", default=str(BASE_DIR / "var" / "inbound-mail"))
