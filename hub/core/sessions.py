"""Sessions read through the cache, kept in the database: Django's ``cached_db`` store, except
that a cache outage (Redis restarting) falls back to the database instead of failing the
request. The database holds every session; the cache only holds copies.

A session deleted while the cache is down (signing in cycles the key, signing out deletes it)
leaves its copy in the cache; the error is logged. Its cookie is gone from the browser by then,
and the copy expires with the session's age, so only someone who kept the old cookie of a
session deleted during an outage could use it, and only if the cache comes back with its data.
Failing every sign-in and sign-out for the length of an outage would be worse."""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_ERRORS = (RedisError, OSError)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_ERRORS:
            logger.warning("Session cache unavailable; reading the session from the database")
            return DatabaseStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except CACHE_ERRORS:
            return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)  # the database row goes first, then the cached copy
        except CACHE_ERRORS:
            logger.error("Session deleted from the database but not from the cache")
