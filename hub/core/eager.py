"""Run a coroutine at once, in the caller's own step, and hand it to a task only if it waits.

One live event is offered to every socket of a channel: 1,000 sockets, 1,000 sends. Almost
every send finishes without waiting (the socket's write buffer has room), yet a task per send
(scheduled, stepped, collected) cost about half of the fan-out's time (bench/chat_fanout.py).
Python 3.12's ``asyncio.eager_task_factory`` starts every task this way; the hub runs on 3.11,
so the chat's delivery does it by hand, here (``hub.discussions.session``):

    finished, rest = run_now(socket_send(frame))
    if not finished:
        loop.create_task(rest)  # the socket's buffer is full: the rest of the send waits there

``try_acquire`` takes an ``asyncio.Lock`` without a task when it is free.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any


def run_now(coro: Coroutine) -> tuple[bool, Any]:
    """Run ``coro`` until it finishes or first waits.

    Returns ``(True, its result)``, or ``(False, rest)`` where ``rest`` is a coroutine that
    finishes it (await it, or make it a task). An exception ``coro`` raises before it first
    waits propagates from here.
    """
    try:
        waiting = coro.send(None)
    except StopIteration as stop:
        return True, stop.value
    return False, _finish(coro, waiting)


async def _finish(coro: Coroutine, waiting: Any) -> Any:
    """Drive ``coro`` on from where it waits on ``waiting``, as its task would have: wait for
    that future (a bare ``yield`` is one turn of the loop), then resume it with the outcome,
    until it returns. Cancelling this cancels ``coro`` where it waits."""
    while True:
        try:
            if waiting is None:
                await asyncio.sleep(0)
            else:
                # The future's await marked it "waited on by a task" for the task that never
                # took it (as Task.__step does on taking it, the mark is cleared first).
                waiting._asyncio_future_blocking = False
                await waiting
        except BaseException as error:  # handed to the coroutine, as its task would
            try:
                waiting = coro.throw(error)
            except StopIteration as stop:
                return stop.value
            continue
        try:
            waiting = coro.send(None)
        except StopIteration as stop:
            return stop.value


def try_acquire(lock: asyncio.Lock) -> bool:
    """Take ``lock`` now if it is free and nobody waits for it; never waits."""
    if lock.locked():
        return False
    acquire = lock.acquire()
    try:
        acquire.send(None)
    except StopIteration:
        return True
    acquire.close()  # it would have queued behind a waiter; closing withdraws it
    return False
