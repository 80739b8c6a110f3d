"""The outbox, the worker, rebuilds and drift checks."""

import os
import signal
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction

from search import api, registry
from search.indexing import check, drain
from search.models import OutboxEntry
from search.outbox import index_later
from tests.factories import UserFactory
from tests.search.factories import NoteAdapter, note

pytestmark = pytest.mark.django_db


def titles(query: str, user=None) -> list[str]:
    return [h.title for h in api.search(query=query, user=user or AnonymousUser()).hits]


def test_worker_once_drains_the_outbox(search_backend, note_adapter):
    author = UserFactory()
    item = note(author, "Electoral canvass", "Household enquiry forms online.")
    index_later(item)
    out = StringIO()

    call_command("search_worker", "--once", stdout=out)
    search_backend.refresh()

    assert OutboxEntry.objects.count() == 0
    assert "Indexed 1 objects" in out.getvalue()
    assert titles("canvass") == ["Electoral canvass"]


def test_worker_once_leaves_the_processes_signal_handlers_alone(search_backend):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    call_command("search_worker", "--once", stdout=StringIO())

    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_continuous_worker_stops_cleanly_on_ctrl_c_and_restores_handlers(
    search_backend, note_adapter
):
    before = signal.getsignal(signal.SIGINT)
    index_later(note(UserFactory(), "Allotments", "Waiting lists."))
    out = StringIO()
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        call_command("search_worker", "--interval", "0.1", stdout=out)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C should finish the current batch and stop the worker")
    finally:
        timer.cancel()
    search_backend.refresh()

    assert signal.getsignal(signal.SIGINT) is before
    assert "Indexed 1 objects" in out.getvalue()
    assert titles("allotments") == ["Allotments"]


def test_embedded_mode_indexes_on_commit(
    settings, search_backend, note_adapter, django_capture_on_commit_callbacks
):
    settings.SEARCH_INLINE = True
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        index_later(note(author, "Libraries", "Self-service kiosks."))
        index_later(note(author, "Libraries two", "More kiosks."))
    search_backend.refresh()

    assert len(callbacks) == 1  # one drain per transaction, however many objects
    assert OutboxEntry.objects.count() == 0
    assert set(titles("kiosks")) == {"Libraries", "Libraries two"}


def test_rolled_back_change_queues_nothing(search_backend, note_adapter):
    author = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        index_later(note(author, "Never", "Rolled back."))
        raise RuntimeError("boom")

    assert OutboxEntry.objects.count() == 0


class BrokenAdapter(NoteAdapter):
    def documents(self, instance):
        raise ValueError("adapter bug")


def test_failed_batch_stays_in_outbox_with_backoff(search_backend):
    registry.register(BrokenAdapter())
    try:
        author = UserFactory()
        index_later(note(author, "Broken", "Will not index."))
        stats = drain(search_backend)
    finally:
        registry._adapters.pop("notifications.notification", None)

    row = OutboxEntry.objects.get()
    assert stats.failed == 1
    assert row.attempts == 1 and row.next_attempt_at is not None
    assert "adapter bug" in row.last_error
    assert drain(search_backend).batches == 0  # waiting out its back-off


def test_reindex_swaps_to_a_new_index_and_keeps_serving(search_backend, note_adapter, reindex):
    author = UserFactory()
    reindex(note(author, "Blue badge renewals", "Apply online."))
    before = search_backend.status()

    out = StringIO()
    call_command("search_reindex", "--quiet-progress", stdout=out, stderr=StringIO())
    search_backend.refresh()

    assert "the new index is live" in out.getvalue()
    assert titles("badge") == ["Blue badge renewals"]
    if search_backend.name == "elasticsearch":
        after = search_backend.status()
        old = before["read_alias"][search_backend.read_alias]
        new = after["read_alias"][search_backend.read_alias]
        assert new != old and len(new) == 1
        assert after["write_alias"][search_backend.write_alias] == new
        assert not search_backend.client.indices.exists(index=old[0])


def test_search_check_reports_and_repairs_drift(search_backend, note_adapter, reindex):
    author = UserFactory()
    kept = note(author, "Kept", "Street naming.")
    changed = note(author, "Changed", "Old words.")
    missing = note(author, "Missing", "Never indexed.")
    reindex(kept, changed)
    search_backend.replace(["ghost:1"], [])
    changed.text = "Changed | New words."
    changed.save(update_fields=["text"])  # no outbox row: drift

    drift = check(search_backend)
    assert f"note:{missing.pk}" in drift.missing
    assert f"note:{changed.pk}" in drift.stale
    with pytest.raises(SystemExit):
        call_command("search_check", stdout=StringIO())

    out = StringIO()
    call_command("search_check", "--repair", stdout=out)
    search_backend.refresh()

    assert "no drift left" in out.getvalue()
    assert check(search_backend).clean
    assert titles("new words") == ["Changed"]


# The real Elasticsearch stop/start (an outage loses no update) is in test_done_when.py, with
# content made through the apps' services.


def _reindex_if_missing() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("search_reindex", "--if-missing", "--quiet-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reindex_if_missing_builds_only_when_no_complete_index_is_live(
    search_backend, note_adapter
):
    author = UserFactory()
    note(author, "Blue badge renewals", "Apply online.")  # in the database, never queued

    out, _ = _reindex_if_missing()
    search_backend.refresh()

    if search_backend.name == "database":
        # Migrations made the tables and the outbox fills them: nothing to build, ever.
        assert "already built; nothing to do" in out
        assert titles("badge") == []
        return
    assert "the new index is live" in out
    assert titles("badge") == ["Blue badge renewals"]
    live = search_backend.status()["read_alias"]

    note(author, "Blue badge appeals", "Also online.")
    out, _ = _reindex_if_missing()
    search_backend.refresh()

    assert "already built; nothing to do" in out
    assert search_backend.status()["read_alias"] == live  # not rebuilt on every start
    assert titles("badge") == ["Blue badge renewals"]


def test_reindex_if_missing_completes_an_index_the_worker_started(search_backend, note_adapter):
    if search_backend.name == "database":
        assert search_backend.index_ready()
        return
    author = UserFactory()
    note(author, "Pest control bookings", "Wasps and rats.")
    # The worker's first write creates a bare index holding only what changed since.
    index_later(note(author, "Pest control prices", "Price list."))
    assert not drain(search_backend).failed
    assert not search_backend.index_ready()

    out, _ = _reindex_if_missing()
    search_backend.refresh()

    assert "the new index is live" in out
    assert search_backend.index_ready()
    assert sorted(titles("pest control")) == ["Pest control bookings", "Pest control prices"]


def test_reindex_if_missing_warns_and_succeeds_when_elasticsearch_is_unreachable(
    settings, note_adapter
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SEARCH_INDEX_PREFIX = "hubtest-unreachable"

    out, err = _reindex_if_missing()

    assert "unreachable" in err and "search_reindex --if-missing again" in err
    assert "Rebuilding" not in out


def test_while_a_rebuild_fills_a_new_index_the_worker_writes_to_both(search_backend):
    """The worker writes through the write alias in one bulk request; while a rebuild has a
    second index behind it, Elasticsearch refuses that and each index gets the write."""
    if search_backend.name == "database":
        return
    from search import documents as es_documents
    from search.registry import SearchDocument

    def docs(*titles):
        return [
            SearchDocument(doc_id=f"doc:{i}", doc_type="post", title=t, body=t, url=f"/d/{i}/",
                           source="test.multi:1")
            for i, t in enumerate(titles)
        ]  # fmt: skip

    search_backend.replace(["test.multi:1"], docs("Gully cleaning", "Gully rota", "Gully map"))
    search_backend.refresh()  # the stale-document search sees refreshed documents only
    [live] = search_backend.ensure_index()
    building = es_documents.index_name(search_backend.prefix) + "-building"
    search_backend._create_index(building)
    search_backend.client.indices.update_aliases(
        actions=[{"add": {"index": building, "alias": search_backend.write_alias}}]
    )

    search_backend.replace(["test.multi:1"], docs("Gully cleaning schedule"))
    search_backend.client.indices.refresh(index=[live, building])

    for index in (live, building):
        hits = search_backend.client.search(index=index, query={"match_all": {}})["hits"]["hits"]
        assert [(h["_id"], h["_source"]["title"]) for h in hits] == [
            ("doc:0", "Gully cleaning schedule")
        ], index  # the stale sections are gone from the live index too
    concrete = search_backend.client.indices.get(index=f"{search_backend.prefix}-documents-*")
    assert set(concrete) == {live, building}  # never an index auto-created as the alias
