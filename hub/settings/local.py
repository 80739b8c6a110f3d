"""Development defaults: the one-command run on SQLite and the in-memory channel layer."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# ``make run`` runs background jobs and periodic work inside the server process (hub/jobs/embedded.py).
JOBS_EMBEDDED_WORKER = env.bool("JOBS_EMBEDDED_WORKER", default=True)
