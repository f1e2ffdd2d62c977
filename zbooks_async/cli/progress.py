"""A progress bar for the CLI: rich when installed (the ``cli`` extra), plain lines otherwise.

It also says when the run is held by the rate limiter ("waiting for rate limit (12 s)"), so a
run that sends nothing for most of a minute does not look frozen: :class:`LimiterWatch` wraps
the session's limiter and times how long the oldest request has been waiting for its slot.
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from types import TracebackType
from typing import Any

from ..limits.base import Limiter
from ..limits.budget import Budget, BudgetHeaders, BudgetTracking

WAIT_SHOWN_AFTER = 1.0
"""Seconds a request waits for its slot before the bar says it is waiting for the rate limit."""


class LimiterWatch:
    """Times the waits of a limiter's callers: ``watch.wrap(limiter)`` gives the limiter to use.

    ``clock`` (monotonic seconds) is injectable for tests.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._waiting: dict[int, float] = {}

    def wrap(self, limiter: Limiter) -> Limiter:
        """``limiter``, with the waits for its slots timed by this watch."""
        return _WatchedLimiter(limiter, self)

    def waited(self) -> float:
        """How long the request waiting longest for a slot has waited (0 when none waits)."""
        # Read from rich's refresh thread too: list() copies the values in one step.
        waits = list(self._waiting.values())
        return self._clock() - min(waits) if waits else 0.0

    def status(self) -> str | None:
        """``"waiting for rate limit (12 s)"`` once the oldest wait passes a second, else None."""
        waited = self.waited()
        if waited < WAIT_SHOWN_AFTER:
            return None
        return f"waiting for rate limit ({waited:.0f} s)"

    @asynccontextmanager
    async def _timed(self, slot: AbstractAsyncContextManager[None]) -> AsyncIterator[None]:
        marker = object()
        self._waiting[id(marker)] = self._clock()
        try:
            async with slot:
                del self._waiting[id(marker)]
                yield
        finally:
            self._waiting.pop(id(marker), None)


class _WatchedLimiter:
    """A limiter that passes every call to ``inner`` and lets ``watch`` time slot waits."""

    def __init__(self, inner: Limiter, watch: LimiterWatch) -> None:
        self._inner = inner
        self._watch = watch

    def slot(
        self, organization_id: str, *, max_wait: float | None = None
    ) -> AbstractAsyncContextManager[None]:
        inner = (
            self._inner.slot(organization_id)
            if max_wait is None
            else self._inner.slot(organization_id, max_wait=max_wait)
        )
        return self._watch._timed(inner)

    def observe_budget(self, organization_id: str, seen: BudgetHeaders) -> None:
        if isinstance(self._inner, BudgetTracking):
            self._inner.observe_budget(organization_id, seen)

    async def budget(self, organization_id: str) -> Budget:
        if isinstance(self._inner, BudgetTracking):
            return await self._inner.budget(organization_id)
        return Budget()

    async def throttled(self, organization_id: str, code: int | None, retry_after: float | None) -> None:
        await self._inner.throttled(organization_id, code, retry_after)

    async def close(self) -> None:
        await self._inner.close()


class Progress:
    """``with Progress("create", total=120) as bar: bar.advance()``; ``total=None`` just counts.

    ``status`` (optional) is asked for a short note shown beside the bar, such as a limiter wait.
    """

    def __init__(
        self, label: str, total: int | None, status: Callable[[], str | None] | None = None
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.status = status
        self._rich: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        try:
            import rich.progress
            import rich.table
            import rich.text
        except ImportError:
            return self
        status = self.status

        class StatusColumn(rich.progress.ProgressColumn):
            def render(self, task: Any) -> rich.text.Text:
                note = status() if status is not None else None
                return rich.text.Text(note or "", style="yellow", no_wrap=True)

            def get_table_column(self) -> Any:
                return rich.table.Column(no_wrap=True, min_width=len("waiting for rate limit (999 s)"))

        self._rich = rich.progress.Progress(
            rich.progress.TextColumn("{task.description:>8}"),
            # The bar takes the width the note leaves, so the note is never cut on a narrow terminal.
            rich.progress.BarColumn(bar_width=None),
            rich.progress.MofNCompleteColumn(),
            rich.progress.TimeElapsedColumn(),
            StatusColumn(),
            transient=False,
        )
        self._rich.start()
        self._task = self._rich.add_task(self.label, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more items done."""
        self.done += count
        if self._rich is not None:
            self._rich.advance(self._task, count)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.stop()
        else:
            of_total = f"/{self.total}" if self.total is not None else ""
            print(f"{self.label:>8}: {self.done}{of_total}", file=sys.stderr)
