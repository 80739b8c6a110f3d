import uuid

import pytest


@pytest.fixture(autouse=True)
def isolated_rate_limits(settings):
    """A cache key prefix of our own, so rate-limit counters never leak between runs."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"modtest-{uuid.uuid4().hex}"
    settings.CACHES = caches
