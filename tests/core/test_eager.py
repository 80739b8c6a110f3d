"""hub.core.eager: a coroutine run at once, finished by a task only if it waits."""

import asyncio

import pytest

from hub.core.eager import run_now, try_acquire

pytestmark = pytest.mark.asyncio


async def test_a_coroutine_that_never_waits_finishes_in_the_callers_step():
    async def add(a, b):
        return a + b

    assert run_now(add(2, 3)) == (True, 5)


async def test_a_coroutine_that_waits_is_finished_by_a_task_with_its_result_and_errors():
    gate = asyncio.Event()
    steps = []

    async def two_waits():
        steps.append("started")
        await gate.wait()
        await asyncio.sleep(0)  # a bare yield: one turn of the loop
        steps.append("resumed")
        return "done"

    finished, rest = run_now(two_waits())
    assert not finished and steps == ["started"]
    task = asyncio.get_running_loop().create_task(rest)
    await asyncio.sleep(0)  # one turn: the task takes its first step and waits on the gate
    assert not task.done()
    gate.set()
    assert await asyncio.wait_for(task, 5) == "done"
    assert steps == ["started", "resumed"]

    async def fails_after_waiting():
        await asyncio.sleep(0.01)
        raise ValueError("after the wait")

    finished, rest = run_now(fails_after_waiting())
    with pytest.raises(ValueError, match="after the wait"):
        await rest


async def test_cancelling_the_task_cancels_the_coroutine_where_it_waits():
    cleaned = asyncio.Event()

    async def waits_forever():
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.set()

    _, rest = run_now(waits_forever())
    task = asyncio.get_running_loop().create_task(rest)
    await asyncio.sleep(0)  # one turn: the task takes its first step and waits
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned.is_set()

    _, rest = run_now(waits_forever())
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await rest


async def test_try_acquire_takes_a_free_lock_and_never_waits():
    lock = asyncio.Lock()
    assert try_acquire(lock) and lock.locked()
    assert not try_acquire(lock)
    waiter = asyncio.get_running_loop().create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()  # free, but the waiter is first in line
    assert not try_acquire(lock)
    await asyncio.wait_for(waiter, 5)
    assert lock.locked()
    lock.release()
