"""Rate-limit stage: wait for the organization's limiter before each attempt is sent.

It sits inside the retry stage, so every retry passes the limiter again, and outside the decode
stage, so it sees a 429 as a typed :class:`RateLimitError` and can slow the whole organization.
Every answer, success or error, tells the limiter the organization's daily budget (Zoho's
``X-Rate-Limit-*`` headers), so a spent budget stops calls before they are sent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from ..errors import ApiError, DailyLimitExceeded, RateLimitError, ZohoBooksError
from ..limits.base import Limiter
from ..limits.budget import BudgetTracking, budget_headers
from .organization import ORGANIZATION_PARAM
from .retry import bounded_pause
from .stage import Handler
from .values import Request, Response

NO_ORGANIZATION = "-"
LONGEST_DAY = 86400.0  # a daily budget renews within a day, whatever a header claims
logger = logging.getLogger("zbooks_async.limits")


class RateLimitStage:
    """Admits each attempt through ``limiter``, tells it each answer's daily budget and
    reports throttles back to it."""

    def __init__(self, limiter: Limiter) -> None:
        self._limiter = limiter
        self._tracker = limiter if isinstance(limiter, BudgetTracking) else None

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        organization_id = request.query_value(ORGANIZATION_PARAM) or NO_ORGANIZATION
        # Without a bound the keyword is left out: a limiter of your own need not know it.
        if request.deadline_at is None and request.options.wait is not False:
            slot = self._limiter.slot(organization_id)
        else:
            slot = self._limiter.slot(organization_id, max_wait=_max_wait(request))
        async with slot:
            try:
                response = await call_next(request)
            except ApiError as failure:
                self._observe(organization_id, failure.rate_limit_headers)
                if isinstance(failure, RateLimitError):
                    await self._throttled(organization_id, failure)
                raise
            self._observe(organization_id, response.headers)
            return response

    def _observe(self, organization_id: str, headers: Mapping[str, str]) -> None:
        if self._tracker is None or organization_id == NO_ORGANIZATION:
            return  # GET /organizations: no organization's budget to follow
        seen = budget_headers(headers)
        if seen is not None:
            self._tracker.observe_budget(organization_id, seen)

    async def _throttled(self, organization_id: str, throttle: RateLimitError) -> None:
        if isinstance(throttle, DailyLimitExceeded) and throttle.renews_at is None:
            seen = budget_headers(throttle.rate_limit_headers)
            if seen is not None:
                renews_in = min(seen.reset, LONGEST_DAY)
                throttle.retry_after = renews_in
                throttle.renews_at = datetime.now(UTC) + timedelta(seconds=renews_in)
        try:
            # Never longer than the code can mean: a Retry-After of a day (or a date in 2099)
            # must not stop the whole organization, here or through Redis.
            await self._limiter.throttled(
                organization_id, throttle.code, bounded_pause(throttle.code, throttle.retry_after)
            )
        except ZohoBooksError as failure:
            # Zoho's answer is what the caller must see (and the retry stage judge):
            # a spent daily budget must not become a TransportError that is retried.
            logger.warning("could not hold organization %s back: %s", organization_id, failure)


def _max_wait(request: Request) -> float:
    """How long this attempt may wait for a slot: 0 with ``wait=False``, else the time left."""
    if request.options.wait is False or request.deadline_at is None:
        return 0.0
    return max(0.0, request.deadline_at - time.monotonic())
