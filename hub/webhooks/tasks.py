"""Webhook delivery jobs: one attempt per run; a failed attempt schedules the next itself."""

from hub.jobs.queue import job


@job(retries=3)
def webhooks_deliver(delivery_id: int) -> None:
    from hub.webhooks.services import delivery_attempt

    delay = delivery_attempt(delivery_id)
    if delay is not None:
        webhooks_deliver.schedule(args=(delivery_id,), delay=delay)
