"""Settings for pytest: fast hashing, in-memory mail, services from the environment.

In CI (``CI=true``) the suite runs against the real PostgreSQL, Redis and Elasticsearch that
``make test`` starts; ``tests/conftest.py`` fails the run when one of them is missing.
"""

import re

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
ACCOUNT_EXPORTS_ROOT = BASE_DIR / "var" / "test-exports"
REPLY_EMAIL_DOMAIN = "reply.hub.test"
INBOUND_MAILDIR = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Browser tests sign up many people from one address; the real limits are tested explicitly.
ACCOUNT_RATE_LIMITS = False
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="hubtest")
# Jobs run inline when enqueued (after commit), so tests see their effects at once; tests of the
# queue itself switch immediate mode off and run a real consumer (tests/jobs/).
HUEY["immediate"] = True  # noqa: F405
HUEY["name"] = "hubtest" + env("TEST_DB_SUFFIX", default="")  # noqa: F405
JOBS_EMBEDDED_WORKER = False

# Tests clear the cache between tests (rate-limit counters must not leak from one test to the
# next); on Redis that is a FLUSHDB, so the cache gets its own database number and the channel
# layer's groups in database 0 are left alone.
# A run whose REDIS_URL names database N (concurrent runs each take their own) caches in N + 1.
if REDIS_URL:  # noqa: F405
    _redis_db = re.search(r"/(\d+)$", REDIS_URL)  # noqa: F405
    _cache_db = int(_redis_db.group(1)) + 1 if _redis_db else 1
    CACHES["default"]["LOCATION"] = re.sub(r"/\d*$", "", REDIS_URL) + f"/{_cache_db}"  # noqa: F405

# Browser tests serve the app from a forked daphne process, which cannot see an in-memory
# SQLite database, so local SQLite runs use a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405
