"""The job queue: periodic work is declared, jobs run on a real consumer, failures retry with
back-off and are then visible to staff, and the embedded worker starts once per server."""

import time

import pytest
from django.urls import reverse

from hub.jobs import embedded
from hub.jobs.models import JobFailure
from hub.jobs.queue import HUEY
from tests.jobs import jobs_for_tests


def _wait_for(predicate, *, seconds: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def real_consumer(settings):
    """Switch the queue out of the tests' immediate mode and run the embedded worker on it
    (Redis in CI), exactly as ``make run`` does."""
    settings.JOBS_EMBEDDED_WORKERS = 2
    HUEY.immediate = False
    HUEY.flush()
    consumer = embedded.start()
    yield consumer
    embedded.stop()
    HUEY.flush()
    HUEY.immediate = True


def test_periodic_work_is_declared_for_every_promise_the_pages_make():
    names = {task.name for task in HUEY._registry.periodic_tasks}
    assert {
        "blog_publish_due_posts",
        "blog_sync_feeds",
        "standards_close_consultations",
        "follows_send_digests",
    } <= names


@pytest.mark.django_db(transaction=True)
def test_a_job_queued_after_commit_runs_on_the_worker(real_consumer):
    from hub.councils.models import Council

    assert real_consumer is not None
    jobs_for_tests.writes_a_row("JOBA")
    _wait_for(lambda: Council.objects.filter(code="JOBA").exists(), what="the job's row")


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_retries_with_back_off_then_is_visible_to_staff(real_consumer, admin_client):
    jobs_for_tests.always_fails("flaky-receiver")
    failure = _wait_for(
        lambda: JobFailure.objects.filter(task_name__endswith="always_fails").first(),
        what="the recorded failure",
    )
    attempts = jobs_for_tests.ATTEMPTS["flaky-receiver"]
    assert len(attempts) == 3  # the first try and two retries
    first_gap, second_gap = attempts[1] - attempts[0], attempts[2] - attempts[1]
    assert first_gap >= 0.3
    assert second_gap >= 1.2  # 0.3 s times the back-off factor of 4
    assert "receiver said no (flaky-receiver)" in failure.error
    assert "RuntimeError" in failure.traceback

    page = admin_client.get(reverse("admin:jobs_jobfailure_changelist"))
    assert page.status_code == 200
    assert "receiver said no" in page.content.decode()


def test_the_embedded_worker_starts_only_in_the_serving_process(settings, monkeypatch):
    settings.JOBS_EMBEDDED_WORKER = True
    monkeypatch.delenv("RUN_MAIN", raising=False)
    # The autoreloader's watcher process imports everything too; it must not run jobs.
    assert not embedded.runserver_should_start(["manage.py", "runserver"])
    assert embedded.runserver_should_start(["manage.py", "runserver", "--noreload"])
    monkeypatch.setenv("RUN_MAIN", "true")
    assert embedded.runserver_should_start(["manage.py", "runserver", "127.0.0.1:8000"])
    assert not embedded.runserver_should_start(["manage.py", "migrate"])
    settings.JOBS_EMBEDDED_WORKER = False
    assert not embedded.runserver_should_start(["manage.py", "runserver", "--noreload"])


@pytest.mark.django_db(transaction=True)
def test_starting_the_embedded_worker_twice_runs_one_consumer(real_consumer):
    assert embedded.start() is real_consumer


@pytest.mark.django_db
def test_scheduled_posts_are_put_into_search_by_the_every_minute_job():
    from datetime import datetime, timedelta

    from django.utils import timezone

    from hub.blog import services, tasks
    from search.models import OutboxEntry
    from tests.factories import UserFactory

    for minute in (0, 17, 59):
        assert tasks.blog_publish_due_posts.task_class().validate_datetime(
            datetime(2026, 12, 4, 3, minute)
        )
    post = services.post_create(
        author=UserFactory(),
        title="Later",
        body="x",
        status="published",
        published_at=timezone.now() + timedelta(hours=1),
    )
    OutboxEntry.objects.all().delete()
    assert tasks.blog_publish_due_posts.call_local() == 0
    type(post).objects.filter(pk=post.pk).update(published_at=timezone.now())  # its time comes
    assert tasks.blog_publish_due_posts.call_local() == 1
    assert OutboxEntry.objects.filter(model_label="blog.post", object_id=str(post.pk)).exists()
