"""The in-process limiter: a rolling window, an in-flight cap and a daily budget per organization."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from ..errors import DailyLimitExceeded
from .base import RateLimit

PER_MINUTE_CODE = 44
IN_FLIGHT_CODE = 1070
DAILY_CODE = 45


class _Organization:
    """The counters of one organization. Only touched from the event loop's thread."""

    def __init__(self, limit: RateLimit) -> None:
        self.in_flight = asyncio.Semaphore(limit.concurrency)
        self.queue = asyncio.Lock()  # asyncio locks wake waiters in FIFO order
        self.sent: deque[float] = deque()
        self.paused_until = 0.0
        self.day = ""
        self.sent_today = 0


class InMemoryLimiter:
    """Admits requests so that one process never exceeds Zoho's limits for an organization.

    Waiting callers are served first come, first served; a cancelled waiter takes nothing.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], str] | None = None,
    ) -> None:
        self.limit = limit
        self._clock = clock
        self._today = today or _utc_day
        self._organizations: dict[str, _Organization] = {}

    def _state(self, organization_id: str) -> _Organization:
        state = self._organizations.get(organization_id)
        if state is None:
            state = self._organizations[organization_id] = _Organization(self.limit)
        return state

    @asynccontextmanager
    async def slot(self, organization_id: str) -> AsyncIterator[None]:
        """Hold an in-flight slot and a place in the window while the request runs."""
        state = self._state(organization_id)
        async with state.in_flight:
            async with state.queue:
                await self._wait_for_window(state, organization_id)
            yield

    async def _wait_for_window(self, state: _Organization, organization_id: str) -> None:
        window = self.limit.window
        while True:
            now = self._clock()
            self._count_day(state, organization_id)
            while state.sent and state.sent[0] <= now - window:
                state.sent.popleft()
            if state.paused_until > now:
                await asyncio.sleep(state.paused_until - now)
            elif len(state.sent) >= self.limit.requests:
                await asyncio.sleep(state.sent[0] + window - now)
            else:
                state.sent.append(now)
                state.sent_today += 1
                return

    def _count_day(self, state: _Organization, organization_id: str) -> None:
        if self.limit.daily is None:
            return
        day = self._today()
        if day != state.day:
            state.day, state.sent_today = day, 0
        if state.sent_today >= self.limit.daily:
            raise DailyLimitExceeded(
                f"the daily budget of {self.limit.daily} requests for organization "
                f"{organization_id} is spent; it renews at midnight UTC",
                code=DAILY_CODE,
            )

    async def throttled(
        self, organization_id: str, code: int | None, retry_after: float | None
    ) -> None:
        """Pause the whole organization after a 429 that got through."""
        state = self._state(organization_id)
        if code == DAILY_CODE and self.limit.daily is not None:
            state.day, state.sent_today = self._today(), self.limit.daily
            return
        if retry_after is not None:
            pause = retry_after
        elif code == IN_FLIGHT_CODE:
            pause = self.limit.period / self.limit.requests
        else:
            pause = self.limit.period / 10
        state.paused_until = max(state.paused_until, self._clock() + pause)

    async def close(self) -> None:
        """Forget all counters."""
        self._organizations.clear()


def _utc_day() -> str:
    return datetime.now(UTC).date().isoformat()
