import uuid

import pytest

from tests.blog.feedserver import FeedServer


@pytest.fixture(autouse=True)
def isolated_rate_limits(settings):
    """A cache key prefix of our own, so rate-limit counters never leak between runs that share
    one Redis (a re-created test database reuses user ids)."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"blogtest-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def feed_server(settings):
    settings.SAFE_FETCH_ALLOW_LOOPBACK = True
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def moderator(db):
    from tests.factories import ModeratorFactory

    return ModeratorFactory()
