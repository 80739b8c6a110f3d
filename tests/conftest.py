"""Shared pytest fixtures, and the rule that CI runs on real services or not at all.

With ``CI=true`` the run stops at once, with the reason, when PostgreSQL, Redis or
Elasticsearch is not configured and answering: a missing service fails, it never skips.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest

from tests.factories import CouncilFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The Playwright/daphne fixtures, available to every test directory.
pytest_plugins = ["tests.browser.fixtures"]

BROWSER_FIXTURES = {"playwright_browser", "page", "browser_context_factory", "live_server_asgi"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests that drive a browser and run them last.

    Playwright's sync API keeps an event loop running in the main thread for the rest of the
    session once it starts, which stops pytest-asyncio tests from running after it; running
    browser tests last also reports fast unit failures first.
    """
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=3):
            return True
    except OSError:
        return False


def required_services_problems() -> list[str]:
    """What is missing for a CI run; empty when every real service is configured and up."""
    problems = []
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL (run `make test`)")
    for name in ("REDIS_URL", "ELASTICSEARCH_URL"):
        if not os.environ.get(name):
            problems.append(f"{name} is not set (run `make test`, which starts it)")
    for name in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"):
        url = os.environ.get(name, "")
        if url and not _reachable(url):
            problems.append(f"{name}={url} is not answering; start it with scripts/services.sh up")
    if not os.path.exists(os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")):
        problems.append("Chromium is not installed at /usr/bin/chromium (scripts/services.sh up)")
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI:
        problems = required_services_problems()
        if problems:
            pytest.exit(
                "CI needs the real services; not running with any missing:\n  - "
                + "\n  - ".join(problems),
                returncode=3,
            )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Let concurrent runs share one PostgreSQL server: TEST_DB_SUFFIX names their databases."""
    from django.conf import settings

    suffix = os.environ.get("TEST_DB_SUFFIX")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        base = test.get("NAME") or "test_" + settings.DATABASES["default"]["NAME"]
        if base.endswith(".sqlite3"):
            test["NAME"] = base.replace(".sqlite3", f"_{suffix}.sqlite3")
        else:
            test["NAME"] = f"{base}_{suffix}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache, so rate-limit counters never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """The language middleware activates the request's language in the thread (as Django's
    does) and a Welsh request leaves it active: each test starts and ends in the default."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def council(db):
    return CouncilFactory()


@pytest.fixture
def user_factory(db):
    """Make members: ``user_factory(council=..., email_verified=True, profile__handle=...)``."""
    return UserFactory


@pytest.fixture
def member(db):
    """A signed-up member with a verified email and a complete profile."""
    return UserFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def loopback_server(settings):
    """A real HTTP server on 127.0.0.1 (``tests/loopback_server.py``) that the safe fetcher may
    reach: this test, and only a test, allows loopback addresses."""
    from tests.loopback_server import LoopbackServer

    settings.SAFE_FETCH_ALLOW_LOOPBACK = True
    server = LoopbackServer().start()
    yield server
    server.stop()
