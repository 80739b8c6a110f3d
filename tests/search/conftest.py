"""Fixtures for the search suite: the same tests run against each backend.

``search_backend`` is parametrised over "database" and "elasticsearch"; Elasticsearch runs
whenever ``ELASTICSEARCH_URL`` is set (always in CI, where a missing service fails the run).
Each run uses its own ``SEARCH_INDEX_PREFIX``; tests refresh after writes instead of waiting.
"""

import os
import uuid

import pytest

from search import registry
from search.backends import get_backend
from search.indexing import drain
from search.outbox import index_later
from tests.search.factories import NoteAdapter

RUN_PREFIX = f"hubtest-{uuid.uuid4().hex[:8]}"
BACKENDS = ["database"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices():
    yield
    if os.environ.get("ELASTICSEARCH_URL"):
        from search.backends.elasticsearch import ElasticsearchBackend

        ElasticsearchBackend(url=os.environ["ELASTICSEARCH_URL"], prefix=RUN_PREFIX).drop()


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    """The backend under test, configured as the hub's backend, empty at the start."""
    settings.SEARCH_INDEX_PREFIX = RUN_PREFIX
    settings.SEARCH_INLINE = False
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    else:
        settings.ELASTICSEARCH_URL = ""
    backend = get_backend()
    assert backend.name == request.param
    backend.clear()
    yield backend


@pytest.fixture
def note_adapter():
    """Register the test-only note adapter for one test."""
    adapter = NoteAdapter()
    label = adapter.model._meta.label_lower
    previous = registry.adapter_for(label)
    registry.register(adapter)
    yield adapter
    if previous is None:
        registry._adapters.pop(label, None)
    else:
        registry.register(previous)


@pytest.fixture
def reindex(search_backend):
    """Queue objects through the outbox and drain it into the backend, refreshed."""

    def run(*objects):
        if objects:
            index_later(*objects)
        stats = drain(search_backend, include_waiting=True)
        assert not stats.failed, stats.errors
        search_backend.refresh()
        return stats

    return run
