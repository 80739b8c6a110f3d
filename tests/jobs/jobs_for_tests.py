"""Jobs used only by the queue's own tests (registered when this module is imported).

The consumer under test runs in threads of the test process, so attempts are recorded in a
module-level dict.
"""

import time

from hub.jobs.queue import job

ATTEMPTS: dict[str, list[float]] = {}


@job(retries=2, retry_delay=0.3, retry_backoff=4)
def always_fails(key: str) -> None:
    ATTEMPTS.setdefault(key, []).append(time.monotonic())
    raise RuntimeError(f"receiver said no ({key})")


@job()
def writes_a_row(code: str) -> None:
    from hub.councils.models import Council

    Council.objects.get_or_create(
        code=code, defaults={"name": code, "official_name": code, "slug": code.lower()}
    )
