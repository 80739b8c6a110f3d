"""Development defaults: the one-command run on SQLite and the in-memory channel layer."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
