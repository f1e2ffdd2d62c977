"""The in-process limiter: a rolling window, an in-flight cap and a daily budget per organization."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from .base import RateLimit
from .queue import QueuedLimiter, Refusal, Verdict

_GRANTED = Verdict()


class _Counters:
    """The counts of one organization. Only touched from the event loop's thread."""

    __slots__ = ("day", "day_spent", "done", "in_flight", "paused_until", "used_today")

    def __init__(self) -> None:
        self.in_flight = 0
        # When each finished request stops counting in the window, oldest first. Requests
        # finish in time order, so appending keeps it sorted.
        self.done: deque[float] = deque()
        self.paused_until = 0.0
        self.day = -1
        self.used_today = 0
        self.day_spent = False


class InMemoryLimiter(QueuedLimiter):
    """Admits requests so that one process never exceeds Zoho's limits for an organization.

    Waiting callers are served first come, first served; a cancelled waiter takes nothing and a
    cancelled request gives its slot back. ``clock`` (monotonic seconds) drives the window and
    pauses; ``wall_clock`` (epoch seconds) decides which day the daily budget counts.
    Use :class:`~zbooks_async.limits.redis_limiter.RedisLimiter` when several processes share
    an organization.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(limit, clock=clock)
        self._wall_clock = wall_clock
        self._counters: dict[str, _Counters] = {}

    def _state(self, organization_id: str) -> _Counters:
        counters = self._counters.get(organization_id)
        if counters is None:
            counters = self._counters[organization_id] = _Counters()
        return counters

    async def _ask(self, organization_id: str) -> Verdict:
        state = self._state(organization_id)
        limit = self.limit
        now = self._clock()
        if state.paused_until > now:
            return Verdict(refusal=Refusal.PAUSED, wait=state.paused_until - now)
        if limit.daily is not None or state.day_spent:
            wall = self._wall_clock()
            day = int(wall // limit.day)
            if day != state.day:
                state.day, state.used_today, state.day_spent = day, 0, False
            elif state.day_spent or (limit.daily is not None and state.used_today >= limit.daily):
                return Verdict(refusal=Refusal.DAY_SPENT, wait=limit.day - wall % limit.day)
        if state.in_flight >= limit.concurrency:
            return Verdict(refusal=Refusal.IN_FLIGHT)
        done = state.done
        while done and done[0] <= now:
            done.popleft()
        if state.in_flight + len(done) >= limit.requests:
            if not done:  # every place in the window is held by a request still running
                return Verdict(refusal=Refusal.IN_FLIGHT)
            return Verdict(refusal=Refusal.WINDOW, wait=done[0] - now)
        state.in_flight += 1
        state.used_today += 1
        return _GRANTED

    async def _give_back(self, organization_id: str, ticket: object) -> None:
        state = self._state(organization_id)
        state.in_flight -= 1
        state.done.append(self._clock() + self.limit.window)

    async def _pause(self, organization_id: str, seconds: float) -> None:
        state = self._state(organization_id)
        state.paused_until = max(state.paused_until, self._clock() + seconds)

    async def _spend_day(self, organization_id: str) -> None:
        state = self._state(organization_id)
        state.day = int(self._wall_clock() // self.limit.day)
        state.day_spent = True

    async def close(self) -> None:
        """Forget all counters."""
        await super().close()
        self._counters.clear()
