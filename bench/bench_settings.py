"""Settings for bench/pages.py: production-like (DEBUG off, no toolbar, real PostgreSQL) plus a
bench-only URL conf that adds one minimal view as the baseline. Never used by the site."""

from hub.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# No collectstatic in a benchmark run: plain storage resolves {% static %} without a manifest
# (whitenoise still serves nothing here; the benchmark requests pages only).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An index of the bench's own, next to (never shared with) the tests' or the site's: the bench
# database's documents must not show up in a test run that uses the same prefix.
SEARCH_INDEX_PREFIX = f"{SEARCH_INDEX_PREFIX}-bench"  # noqa: F405
