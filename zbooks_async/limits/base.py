"""The limiter protocol and the limits it enforces."""

from __future__ import annotations

import math
from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

import attrs

PER_MINUTE_CODE = 44
"""Zoho's 429 code for "too many requests in the rolling minute"."""
IN_FLIGHT_CODE = 1070
"""Zoho's 429 code for "too many requests in process at once"."""
DAILY_CODE = 45
"""Zoho's 429 code for "the organization's daily budget is spent"."""
ZOHO_WINDOW = 60.0
"""Zoho counts requests per organization over a rolling minute: a code 44 lasts no longer."""
IN_FLIGHT_PAUSE_CAP = 5.0
"""The longest a 1070 (too many in flight) pauses an organization: a slot frees in seconds."""
OTHER_PAUSE_CAP = 10.0
"""The longest a 429 with another code (or none, e.g. a proxy's) pauses an organization."""


def pause_bound(code: int | None, window: float = ZOHO_WINDOW) -> float:
    """The longest a 429 with Zoho ``code`` may hold calls back, whatever its ``Retry-After``.

    The one bound: the limiter pauses an organization at most this long, and the retry loop
    waits out a ``Retry-After`` only up to it. ``window`` for code 44, :data:`IN_FLIGHT_PAUSE_CAP`
    for 1070, :data:`OTHER_PAUSE_CAP` for anything else; never more than ``window`` (the
    limiter's own, with its margin; Zoho's minute by default).
    """
    if code == PER_MINUTE_CODE:
        return window
    if code == IN_FLIGHT_CODE:
        return min(window, IN_FLIGHT_PAUSE_CAP)
    return min(window, OTHER_PAUSE_CAP)


def _as_float(value: float) -> float:
    """A whole number of seconds as the float it equals (60 -> 60.0), so that limits written
    either way compare, print and travel to Redis alike; anything else is left for the checks."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # beyond any float: refused below as not finite
            return math.inf
    return value


@attrs.frozen
class RateLimit:
    """Client-side limits per organization, matching Zoho's rules.

    ``requests`` per rolling ``period`` seconds (Zoho: 100 a minute), at most ``concurrency``
    in flight (Zoho: 10 on paid plans, 5 on Free). The daily budget needs no setting: Zoho's
    answers state it (``X-Rate-Limit-*`` headers) and the limiter follows them. ``daily`` adds
    a budget of your own (e.g. to keep part of Zoho's for other integrations): it counts over
    Zoho's budget day once an answer said when that renews, else over ``day`` seconds from the
    first request counted. When a budget is spent a call raises
    :class:`~zbooks_async.errors.DailyLimitExceeded` (with ``renews_at``), or waits until it
    renews if ``wait_for_next_day``. ``day`` is also the latest a budget spent by code 45 can
    renew when no answer said when. ``margin`` widens the window a little, as a safety
    allowance.

    Processes sharing an organization through one Redis must use equal limits (the same
    :attr:`fingerprint`); a process with different ones is refused with ``ConfigurationError``.
    Limits compare by value: seconds are kept as floats, so ``period=60`` and ``period=60.0``
    are the same limit.

    A request counts in the window from the moment it is sent until ``period`` seconds after
    its answer came back, so the limiter stays under Zoho's count however long the network
    takes (Zoho counts a request when it arrives, which is somewhere in between).

    ``RateLimit(requests=20, period=1.0)`` is a scaled-down window for tests and benchmarks.
    """

    requests: int = 100
    period: float = attrs.field(default=60.0, converter=_as_float)
    concurrency: int = 10
    daily: int | None = None
    margin: float = attrs.field(default=0.01, converter=_as_float)
    wait_for_next_day: bool = False
    day: float = attrs.field(default=86400.0, converter=_as_float)

    def __attrs_post_init__(self) -> None:
        for name in ("requests", "concurrency"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"RateLimit {name} must be a whole number of at least 1, got {value!r}")
        if self.daily is not None and (
            isinstance(self.daily, bool) or not isinstance(self.daily, int) or self.daily < 1
        ):
            raise ValueError(
                f"RateLimit daily must be a whole number of at least 1 (or None), got {self.daily!r}"
            )
        for name in ("period", "day"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 < value < math.inf:
                raise ValueError(
                    f"RateLimit {name} must be a finite number of seconds above 0, got {value!r}"
                )
        if not _is_number(self.margin) or not 0 <= self.margin < 1:
            raise ValueError(f"RateLimit margin must be a number in [0, 1), got {self.margin!r}")

    @property
    def fingerprint(self) -> str:
        """What processes sharing an organization's counts must agree on, as one string."""
        return (
            f"requests={self.requests}, period={self.period!r}, concurrency={self.concurrency}, "
            f"daily={self.daily}, margin={self.margin!r}, day={self.day!r}"
        )

    @property
    def window(self) -> float:
        """The period the limiter counts over, widened by the safety margin."""
        return self.period * (1.0 + self.margin)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@runtime_checkable
class Limiter(Protocol):
    """Admits requests per organization and learns from throttles that got through anyway.

    Implementations: :class:`~zbooks_async.limits.memory.InMemoryLimiter` (one process) and
    :class:`~zbooks_async.limits.redis_limiter.RedisLimiter` (every process sharing a Redis).
    Both also follow the daily budget Zoho's answers state
    (:class:`~zbooks_async.limits.budget.BudgetTracking`); a limiter of your own may too.
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
        ``retry_after`` is the ``Retry-After`` header in seconds as Zoho sent it, if it did. The
        built-in limiters never pause an organization longer than :func:`pause_bound` allows for
        the code (one window for 44, seconds for 1070 or anything else), whatever
        ``retry_after`` says; a limiter of your own should bound it the same way.
        """
        ...

    async def close(self) -> None:
        """Release what the limiter holds."""
        ...
