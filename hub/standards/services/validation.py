"""Validator runs: paste, upload or URL, validated at once or by a background job.

``validation_run_start`` records a run; small input is validated in the request, anything larger
(and every URL) by the job ``standards_validate`` (``hub/standards/tasks.py``), which calls
``validation_run_execute`` and whose progress the report page shows. ``validation_runs_purge``
deletes reports older than ``STANDARDS_VALIDATION_KEEP_DAYS``. Bad input never raises anything
but ``InvalidInput`` (before a run exists) or ends as a run in the "failed" state with a plain
message (not JSON, too large, unreachable, timed out). The JSON API calls these too.
"""

from __future__ import annotations

import io
import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from hub.core.ratelimit import rate_limit_consume
from hub.core.safe_fetch import FetchError, check_url, fetch_stream
from hub.standards.models import (
    StandardVersion,
    ValidationRun,
)
from hub.standards.selectors import (
    standard_is_visible_to,
    validation_target,
)
from hub.standards.services.errors import InvalidInput, RateLimited, StandardNotFound
from hub.standards.validation.engine import InputError, Report, Target, validate_stream

logger = logging.getLogger(__name__)


Source = ValidationRun.Source


State = ValidationRun.State


PROGRESS_EVERY_SECONDS = 0.5


def _input_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "validation-input"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def validation_run_start(
    *,
    version: StandardVersion,
    user,
    target_key: str = "",
    text: str | None = None,
    upload=None,
    url: str | None = None,
    client_key: str = "",
) -> ValidationRun:
    """Start validating pasted ``text``, an ``upload`` (a Django UploadedFile) or a ``url``
    against one of the version's targets. Returns the run: finished for small input, queued
    (and run by the job queue after commit) otherwise."""
    if not standard_is_visible_to(version.standard, user):
        raise StandardNotFound(gettext("That standard does not exist."))
    target = validation_target(version, target_key)
    if target is None:
        raise InvalidInput(
            gettext("Version %(number)s has no schema to validate against.")
            % {"number": version.number}
            if not target_key
            else gettext("Choose one of the schemas listed.")
        )
    who = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else f"ip:{client_key}"
    if not rate_limit_consume(f"standards.validate:{who}", settings.STANDARDS_VALIDATION_RATE):
        raise RateLimited(
            gettext("You have run the validator many times this hour. Try again later.")
        )
    given = [x is not None and x != "" for x in (text, upload, url)]
    if sum(given) != 1:
        raise InvalidInput(
            gettext("Paste JSON, choose a file or give a web address (one of them).")
        )
    now = timezone.now()
    run = ValidationRun(
        version=version,
        part_name=target.key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=now,
        expires_at=now + timedelta(days=settings.STANDARDS_VALIDATION_KEEP_DAYS),
    )
    if text is not None and text != "":
        data = text.encode()
        if len(data) > settings.STANDARDS_VALIDATION_PASTE_MAX_BYTES:
            raise InvalidInput(
                gettext("Pasted text can be up to %(_mb)s; upload a file instead.")
                % {"_mb": _mb(settings.STANDARDS_VALIDATION_PASTE_MAX_BYTES)}
            )
        run.source, run.source_name, run.bytes_total = (
            Source.PASTE,
            gettext("Pasted JSON"),
            len(data),
        )
        run.save()
        return _run_inline(run, target, data)
    if upload is not None:
        size = upload.size or 0
        if size > settings.STANDARDS_VALIDATION_MAX_BYTES:
            raise InvalidInput(
                gettext("The file is %(_mb)s; the validator takes files up to %(_mb2)s.")
                % {"_mb": _mb(size), "_mb2": _mb(settings.STANDARDS_VALIDATION_MAX_BYTES)}
            )
        run.source, run.bytes_total = Source.UPLOAD, size
        run.source_name = (upload.name or "upload.json")[:200]
        if size <= settings.STANDARDS_VALIDATION_INLINE_BYTES:
            run.save()
            return _run_inline(run, target, b"".join(upload.chunks()))
        run.save()
        path = _input_dir() / f"{run.pk}-{run.token[:8]}.json"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        run.input_path = str(path)
        run.save(update_fields=["input_path"])
        _queue(run)
        return run
    try:
        check_url(url)
    except FetchError as error:
        raise InvalidInput(
            gettext("Give a web address starting with https:// or http://.")
        ) from error
    run.source, run.source_name = Source.URL, url[:500]
    run.save()
    _queue(run)
    return run


def _queue(run: ValidationRun) -> None:
    from hub.jobs.queue import enqueue_on_commit
    from hub.standards.tasks import standards_validate

    enqueue_on_commit(standards_validate, run.pk)


def _run_inline(run: ValidationRun, target: Target, data: bytes) -> ValidationRun:
    try:
        report = validate_stream(
            io.BytesIO(data),
            target=target,
            size=len(data),
            keep_text_below=settings.STANDARDS_VALIDATION_POSITION_BYTES,
        )
    except InputError as error:
        return fail_run(run, error.message)
    return finish_run(run, report)


def finish_run(run: ValidationRun, report: Report) -> ValidationRun:
    result = report.as_dict()
    run.report = result
    run.conforms = result["conforms"]
    run.record_count, run.error_count = report.records, report.error_count
    run.state, run.finished_at = State.DONE, timezone.now()
    run.bytes_done = run.bytes_total
    run.save(
        update_fields=[
            "report",
            "conforms",
            "record_count",
            "error_count",
            "state",
            "finished_at",
            "bytes_done",
        ]
    )
    return run


def fail_run(run: ValidationRun, message: str) -> ValidationRun:
    run.state, run.failure, run.finished_at = State.FAILED, message[:500], timezone.now()
    run.conforms = None
    run.save(update_fields=["state", "failure", "finished_at", "conforms"])
    return run


def _progress_writer(run: ValidationRun):
    last = [0.0]

    def progress(done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS:
            last[0] = now
            ValidationRun.objects.filter(pk=run.pk).update(bytes_done=done)

    return progress


def validation_run_execute(*, run_id: int) -> ValidationRun | None:
    """Run a queued validation (the background job). Idempotent: a finished run is left alone."""
    run = ValidationRun.objects.select_related("version__standard").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return run
    ValidationRun.objects.filter(pk=run.pk).update(state=State.RUNNING)
    target = validation_target(run.version, run.part_name)
    if target is None:
        return fail_run(run, gettext("The schema this run was for no longer exists."))
    try:
        if run.source == Source.URL:
            return _validate_url(run, target)
        path = Path(run.input_path)
        with path.open("rb") as handle:
            report = validate_stream(
                handle,
                target=target,
                size=run.bytes_total,
                keep_text_below=settings.STANDARDS_VALIDATION_POSITION_BYTES,
                progress=_progress_writer(run),
            )
        return finish_run(run, report)
    except InputError as error:
        return fail_run(run, error.message)
    except FileNotFoundError:
        return fail_run(run, gettext("The uploaded file is no longer here; upload it again."))
    except Exception:
        logger.exception("validation run %s failed unexpectedly", run.pk)
        return fail_run(
            run, gettext("Something went wrong while checking this input. Try again later.")
        )
    finally:
        if run.input_path:
            Path(run.input_path).unlink(missing_ok=True)


def download(url: str, run: ValidationRun | None = None):
    """Fetch ``url`` into a temporary file; returns (file, status, content type)."""
    # Returned open: the caller reads it and closes it (``with body:``).
    spooled = tempfile.SpooledTemporaryFile(  # noqa: SIM115
        max_size=settings.STANDARDS_VALIDATION_POSITION_BYTES
    )
    try:
        with fetch_stream(
            url,
            headers={"Accept": "application/json"},
            max_bytes=settings.STANDARDS_VALIDATION_MAX_BYTES,
            timeout=settings.STANDARDS_VALIDATION_TIMEOUT_SECONDS,
        ) as response:
            declared = response.headers.get("Content-Length", "")
            if run is not None and declared.isdigit():
                ValidationRun.objects.filter(pk=run.pk).update(bytes_total=int(declared))
            size = 0
            for chunk in response.iter_bytes():
                spooled.write(chunk)
                size += len(chunk)
            status, content_type = response.status_code, response.headers.get("Content-Type", "")
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled, size, status, content_type


def _validate_url(run: ValidationRun, target: Target) -> ValidationRun:
    try:
        body, size, status, _content_type = download(run.source_name, run)
    except FetchError as error:
        return fail_run(run, fetch_message(error))
    with body:
        if status != 200:
            return fail_run(
                run,
                gettext("The address answered HTTP %(status)s, not 200 with JSON.")
                % {"status": status},
            )
        run.bytes_total = size
        ValidationRun.objects.filter(pk=run.pk).update(bytes_total=size)
        report = validate_stream(
            body,
            target=target,
            size=size,
            keep_text_below=settings.STANDARDS_VALIDATION_POSITION_BYTES,
            progress=_progress_writer(run),
        )
    return finish_run(run, report)


def fetch_message(error: FetchError) -> str:
    plain = {
        "timeout": gettext("The address took too long to answer (timed out)."),
        "too_large": gettext("The address sent more than %(_mb)s.")
        % {"_mb": _mb(settings.STANDARDS_VALIDATION_MAX_BYTES)},
        "dns": gettext("The address's host name could not be found."),
        "connect": gettext("Could not connect to the address (unreachable)."),
        "address": gettext(
            "The address is not on the public internet, so the hub will not fetch it."
        ),
    }
    return plain.get(error.code, error.message)


def validation_runs_purge(*, now=None) -> int:
    """Delete reports past their keeping date; returns how many."""
    now = now or timezone.now()
    expired = ValidationRun.objects.filter(expires_at__lte=now)
    for path in expired.exclude(input_path="").values_list("input_path", flat=True):
        Path(path).unlink(missing_ok=True)
    deleted, _ = expired.delete()
    return deleted
