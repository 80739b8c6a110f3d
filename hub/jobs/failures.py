"""Record jobs whose retries are used up, so a failure is visible to staff (admin: Job failures).

Huey emits ``SIGNAL_ERROR`` for every failed attempt; ``task.retries`` is then the number of
attempts still to come, so zero means this failure is final.
"""

import logging
import traceback

from huey.signals import SIGNAL_ERROR

logger = logging.getLogger(__name__)
_connected = False


def record_failure(signal: str, task, exc: BaseException | None = None) -> None:
    if task.retries:
        return  # it will be tried again
    from hub.jobs.models import JobFailure

    try:
        JobFailure.objects.create(
            task_name=task.name[:200],
            task_id=str(task.id)[:64],
            arguments=repr((task.args, task.kwargs))[:5000],
            error=f"{type(exc).__name__}: {exc}"[:5000] if exc else "unknown error",
            traceback="".join(traceback.format_exception(exc))[:20000] if exc else "",
        )
    except Exception:  # the database may be what failed; the log still has it
        logger.exception("could not record the failure of job %s", task.name)
    finally:
        from django.db import close_old_connections

        from hub.jobs.queue import HUEY

        if not HUEY.immediate:  # on a worker thread: do not leave a connection open
            close_old_connections()


def connect() -> None:
    global _connected
    if _connected:
        return
    from huey.contrib.djhuey import HUEY

    HUEY.signal(SIGNAL_ERROR)(record_failure)
    _connected = True
