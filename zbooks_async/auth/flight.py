"""Single-flight: many callers that need the same slow result share one attempt at it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    """Runs at most one ``work()`` at a time; every caller meanwhile awaits that same run.

    The run is a task of its own, so a caller that is cancelled leaves it running for the
    others; all of them get its result or its exception.
    """

    def __init__(self) -> None:
        self._task: asyncio.Task[T] | None = None

    async def run(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Join the run in progress, or start one."""
        task = self._task
        if task is None or task.done():
            task = self._task = asyncio.ensure_future(work())
            task.add_done_callback(_consume_exception)
        return await asyncio.shield(task)

    async def close(self) -> None:
        """Cancel a run in progress and wait for it to end."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def _consume_exception(task: asyncio.Task[Any]) -> None:
    # Every waiter may have been cancelled: mark the exception as seen so asyncio does not
    # report it as never retrieved (the waiters that are still there receive it anyway).
    if not task.cancelled():
        task.exception()
