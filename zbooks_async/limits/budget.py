"""An organization's daily API budget, as Zoho's answers state it.

Every Zoho answer carries ``X-Rate-Limit-Limit`` (the daily budget), ``X-Rate-Limit-Remaining``
(calls left today) and ``X-Rate-Limit-Reset`` (seconds until the budget renews, at the
organization's local midnight, not UTC's). Reading them is pure: no clock, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol, runtime_checkable

import attrs
from multidict import CIMultiDict, CIMultiDictProxy

LIMIT_HEADER = "X-Rate-Limit-Limit"
REMAINING_HEADER = "X-Rate-Limit-Remaining"
RESET_HEADER = "X-Rate-Limit-Reset"

# When a limiter reads the headers it keeps (``observe_headers``): parsing them costs more than
# the rest of its work per call, and Zoho's count matters only near its end.
READ_EVERY = 1.0
"""Seconds between two readings of an organization's budget headers while plenty is left."""
FEW_LEFT = 100
"""Calls left (Zoho: a minute's worth) at or below which every answer's headers are read."""


@attrs.frozen
class Budget:
    """What the limiter knows of an organization's daily budget; ``None`` where it knows nothing.

    ``limit`` is the day's budget (Zoho's header, else ``RateLimit.daily``), ``remaining`` the
    calls left (counting down with every request this limiter admitted since), ``renews_at``
    when the budget renews (aware), ``observed_at`` when Zoho's headers were last read (aware).
    """

    limit: int | None = None
    remaining: int | None = None
    renews_at: datetime | None = None
    observed_at: datetime | None = None


@attrs.frozen
class BudgetHeaders:
    """The budget one answer stated: ``remaining`` calls left, renewing in ``reset`` seconds."""

    limit: int | None
    remaining: int
    reset: float


def budget_headers(headers: Mapping[str, str]) -> BudgetHeaders | None:
    """The ``X-Rate-Limit-*`` headers of an answer, or ``None`` if absent or unreadable.

    ``headers`` may be any mapping; names are matched without regard to case.
    """
    remaining = _header(headers, REMAINING_HEADER)
    reset = _header(headers, RESET_HEADER)
    if remaining is None or reset is None:
        return None
    left = _count(remaining)
    seconds = _seconds(reset)
    if left is None or seconds is None:
        return None
    limit_text = _header(headers, LIMIT_HEADER)
    limit = _count(limit_text) if limit_text is not None else None
    return BudgetHeaders(limit=limit, remaining=left, reset=seconds)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None or isinstance(headers, CIMultiDictProxy | CIMultiDict):
        return value  # aiohttp's headers already match names without regard to case
    lowered = name.lower()
    for key, candidate in headers.items():
        if key.lower() == lowered:
            return candidate
    return None


def _count(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit() or len(text) > 12:  # a budget is a few thousand calls
        return None
    return int(text)


def _seconds(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return value


@runtime_checkable
class BudgetTracking(Protocol):
    """A limiter that follows the daily budget Zoho's answers state.

    Both built-in limiters are; the rate-limit stage feeds them every answer's headers.
    """

    def observe_budget(self, organization_id: str, seen: BudgetHeaders) -> None:
        """Learn the budget an answer for ``organization_id`` stated (never waits)."""
        ...

    async def budget(self, organization_id: str) -> Budget:
        """The organization's daily budget as known now."""
        ...
