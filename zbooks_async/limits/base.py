"""The limiter protocol and the limits it enforces."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

import attrs

PER_MINUTE_CODE = 44
"""Zoho's 429 code for "too many requests in the rolling minute"."""
IN_FLIGHT_CODE = 1070
"""Zoho's 429 code for "too many requests in process at once"."""
DAILY_CODE = 45
"""Zoho's 429 code for "the organization's daily budget is spent"."""


@attrs.frozen
class RateLimit:
    """Client-side limits per organization, matching Zoho's rules.

    ``requests`` per rolling ``period`` seconds (Zoho: 100 a minute), at most ``concurrency``
    in flight (Zoho: 10 on paid plans, 5 on Free), and optionally a ``daily`` budget (Zoho:
    1000 to 10000 by plan) counted per UTC day of ``day`` seconds. When the budget is spent a
    call raises :class:`~zbooks_async.errors.DailyLimitExceeded`, or waits for the next day if
    ``wait_for_next_day``. ``margin`` widens the window a little, as a safety allowance.

    A request counts in the window from the moment it is sent until ``period`` seconds after
    its answer came back, so the limiter stays under Zoho's count however long the network
    takes (Zoho counts a request when it arrives, which is somewhere in between).

    ``RateLimit(requests=20, period=1.0)`` is a scaled-down window for tests and benchmarks.
    """

    requests: int = 100
    period: float = 60.0
    concurrency: int = 10
    daily: int | None = None
    margin: float = 0.01
    wait_for_next_day: bool = False
    day: float = 86400.0

    def __attrs_post_init__(self) -> None:
        if self.requests < 1 or self.concurrency < 1:
            raise ValueError("requests and concurrency must be at least 1")
        if self.period <= 0 or self.day <= 0:
            raise ValueError("period and day must be positive")
        if self.daily is not None and self.daily < 1:
            raise ValueError("daily must be at least 1 (or None for no daily budget)")
        if not 0 <= self.margin < 1:
            raise ValueError("margin must be in [0, 1)")

    @property
    def window(self) -> float:
        """The period the limiter counts over, widened by the safety margin."""
        return self.period * (1.0 + self.margin)


@runtime_checkable
class Limiter(Protocol):
    """Admits requests per organization and learns from throttles that got through anyway.

    Implementations: :class:`~zbooks_async.limits.memory.InMemoryLimiter` (one process) and
    :class:`~zbooks_async.limits.redis_limiter.RedisLimiter` (every process sharing a Redis).
    """

    def slot(
        self, organization_id: str, *, max_wait: float | None = None
    ) -> AbstractAsyncContextManager[None]:
        """Wait until a request for ``organization_id`` may be sent; hold the slot while it runs.

        Waiters are served first come, first served; a cancelled waiter takes nothing, and a
        cancelled holder gives its slot back. Raises ``DailyLimitExceeded`` when the daily
        budget is spent (unless the limit says to wait for the next day). With ``max_wait``
        (seconds; 0: "do not queue"), raises ``RateLimitWaitTooLong`` at once, taking nothing,
        when the wait is known to be longer, and when that time runs out while waiting.
        """
        ...

    async def throttled(
        self, organization_id: str, code: int | None, retry_after: float | None
    ) -> None:
        """Zoho answered 429 for this organization: hold every caller back for a while.

        ``code`` says which limit Zoho applied (44 per minute, 1070 in flight, 45 daily);
        ``retry_after`` is the ``Retry-After`` header in seconds, if Zoho sent one.
        """
        ...

    async def close(self) -> None:
        """Release what the limiter holds."""
        ...
