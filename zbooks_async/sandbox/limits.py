"""Zoho's three per-organization request limits: daily budget, rolling window, in-flight cap.

Pure bookkeeping with an injectable clock; the middleware in ``pipeline.py`` calls
``admit`` before a handler runs and ``release`` after it, and ``budget`` for the
``X-Rate-Limit-*`` headers of every answer.

The daily budget follows the organization's calendar, as Zoho's does: it renews at local
midnight in the organization's time zone, not 24 hours after the first request and not at
UTC midnight.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

import attrs

from . import errors
from .config import SandboxConfig


@attrs.frozen
class Budget:
    """An organization's daily budget as Zoho's ``X-Rate-Limit-*`` headers state it."""

    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        """The three headers every Zoho answer carries."""
        return {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": str(self.reset_seconds),
        }


@attrs.define
class _OrganizationUsage:
    window: deque[float] = attrs.field(factory=deque)
    day: int | None = None
    day_count: int = 0
    in_flight: int = 0


class Limits:
    """Admission control per organization, checked in Zoho's order: 45, then 44, then 1070.

    A refused request leaves no trace: it does not count against the window or the budget.
    """

    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self._usage: dict[str, _OrganizationUsage] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._total_in_flight = 0
        self._waiters: list[tuple[str, int, asyncio.Future[None]]] = []
        # The calendar starts at the wall clock's reading and then moves with ``clock``, so
        # a test's ManualClock (or --speed) carries the budget across local midnight.
        self._wall_start = config.wall_clock()
        self._clock_start = config.clock()

    def local_time(self) -> float:
        """The organization's local time now, in seconds since the epoch as read on its wall."""
        wall = self._wall_start + (self._config.clock() - self._clock_start)
        return wall + self._config.utc_offset_at(wall)

    def _today(self) -> tuple[int, float]:
        """The number of the organization's current day and the seconds until it ends."""
        local = self.local_time()
        length = self._config.day_seconds
        day = math.floor(local / length)
        return day, (day + 1) * length - local

    def _usage_today(self, organization_id: str) -> _OrganizationUsage:
        usage = self._usage.setdefault(organization_id, _OrganizationUsage())
        day, _ = self._today()
        if usage.day != day:
            usage.day, usage.day_count = day, 0
        return usage

    def budget(self, organization_id: str) -> Budget | None:
        """The organization's daily budget now (None when the sandbox has no daily cap)."""
        cap = self._config.daily_budget
        if cap is None:
            return None
        used = self._usage_today(organization_id).day_count
        _, left = self._today()
        return Budget(cap, max(0, cap - used), max(1, math.ceil(left)))

    def _retry_after(self, seconds: float) -> dict[str, str]:
        if not self._config.retry_after_on_429:
            return {}
        return {"Retry-After": str(max(1, math.ceil(seconds)))}

    def admit(self, organization_id: str) -> int:
        """Take a slot for one request or raise the matching 429 ``ZohoError``.

        Returns the organization's in-flight count including this request.
        """
        config = self._config
        usage = self._usage_today(organization_id)
        now = config.clock()
        if config.daily_budget is not None and usage.day_count >= config.daily_budget:
            raise errors.daily_budget_exhausted(
                config.daily_budget, self._retry_after(self._today()[1])
            )
        if config.requests_per_window is not None:
            horizon = now - config.window_seconds
            while usage.window and usage.window[0] <= horizon:
                usage.window.popleft()
            if len(usage.window) >= config.requests_per_window:
                wait = usage.window[0] + config.window_seconds - now
                raise errors.rate_limited(self._retry_after(wait))
        if config.max_in_flight is not None and usage.in_flight >= config.max_in_flight:
            raise errors.too_many_in_flight(self._retry_after(1))
        if config.requests_per_window is not None:
            usage.window.append(now)
        usage.day_count += 1
        usage.in_flight += 1
        self._total_in_flight += 1
        self._idle.clear()
        self._wake(organization_id, usage.in_flight)
        return usage.in_flight

    def release(self, organization_id: str) -> None:
        """Give back the in-flight slot taken by ``admit``."""
        self._usage[organization_id].in_flight -= 1
        self._total_in_flight -= 1
        if self._total_in_flight == 0:
            self._idle.set()

    def in_flight(self, organization_id: str) -> int:
        """Requests of this organization currently being handled."""
        usage = self._usage.get(organization_id)
        return usage.in_flight if usage else 0

    def used_today(self, organization_id: str) -> int:
        """Requests admitted in the organization's current (local) day."""
        if organization_id not in self._usage:
            return 0
        return self._usage_today(organization_id).day_count

    def used_in_window(self, organization_id: str) -> int:
        """Requests admitted in the rolling window ending now."""
        usage = self._usage.get(organization_id)
        if usage is None:
            return 0
        horizon = self._config.clock() - self._config.window_seconds
        return sum(1 for stamp in usage.window if stamp > horizon)

    async def wait_in_flight(self, organization_id: str, count: int) -> None:
        """Wait until at least ``count`` requests of the organization hold a slot."""
        if self.in_flight(organization_id) >= count:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append((organization_id, count, waiter))
        try:
            await waiter
        finally:
            self._waiters = [w for w in self._waiters if w[2] is not waiter]

    def _wake(self, organization_id: str, in_flight: int) -> None:
        for org, count, waiter in self._waiters:
            if org == organization_id and in_flight >= count and not waiter.done():
                waiter.set_result(None)

    async def wait_idle(self) -> None:
        """Wait until no request holds an in-flight slot."""
        await self._idle.wait()
