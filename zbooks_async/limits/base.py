"""The limiter protocol and the limits it enforces."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

import attrs


@attrs.frozen
class RateLimit:
    """Client-side limits per organization, matching Zoho's rules.

    ``requests`` per rolling ``period`` seconds (Zoho: 100 a minute), at most ``concurrency``
    in flight (Zoho: 10 on paid plans, 5 on Free), and optionally a ``daily`` budget (Zoho:
    1000 to 10000 by plan). ``margin`` widens the window a little so requests that reach Zoho
    slightly late never make it count more than ``requests`` in a period.
    """

    requests: int = 100
    period: float = 60.0
    concurrency: int = 10
    daily: int | None = None
    margin: float = 0.01

    def __attrs_post_init__(self) -> None:
        if self.requests < 1 or self.concurrency < 1:
            raise ValueError("requests and concurrency must be at least 1")
        if self.period <= 0:
            raise ValueError("period must be positive")
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
    """Admits requests per organization and learns from throttles that got through anyway."""

    def slot(self, organization_id: str) -> AbstractAsyncContextManager[None]:
        """Wait until a request for ``organization_id`` may be sent; hold the slot while it runs."""
        ...

    async def throttled(
        self, organization_id: str, code: int | None, retry_after: float | None
    ) -> None:
        """Zoho answered 429 for this organization: hold every caller back for a while."""
        ...

    async def close(self) -> None:
        """Release what the limiter holds."""
        ...
