"""Zoho's three per-organization request limits: daily budget, rolling window, in-flight cap.

Pure bookkeeping with an injectable clock; the middleware in ``pipeline.py`` calls
``admit`` before a handler runs and ``release`` after it.
"""

from __future__ import annotations

import asyncio
from collections import deque

import attrs

from . import errors
from .config import SandboxConfig


@attrs.define
class _OrganizationUsage:
    window: deque[float] = attrs.field(factory=deque)
    day_started: float | None = None
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

    def admit(self, organization_id: str) -> int:
        """Take a slot for one request or raise the matching 429 ``ZohoError``.

        Returns the organization's in-flight count including this request.
        """
        config = self._config
        usage = self._usage.setdefault(organization_id, _OrganizationUsage())
        now = config.clock()
        if config.daily_budget is not None:
            if usage.day_started is None or now - usage.day_started >= config.day_seconds:
                usage.day_started, usage.day_count = now, 0
            if usage.day_count >= config.daily_budget:
                raise errors.daily_budget_exhausted(config.daily_budget)
        if config.requests_per_window is not None:
            horizon = now - config.window_seconds
            while usage.window and usage.window[0] <= horizon:
                usage.window.popleft()
            if len(usage.window) >= config.requests_per_window:
                raise errors.rate_limited()
        if config.max_in_flight is not None and usage.in_flight >= config.max_in_flight:
            raise errors.too_many_in_flight()
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
        """Requests admitted in the organization's current day."""
        usage = self._usage.get(organization_id)
        return usage.day_count if usage else 0

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
