"""Rate-limit stage: wait for the organization's limiter before each attempt is sent.

It sits inside the retry stage, so every retry passes the limiter again, and outside the decode
stage, so it sees a 429 as a typed :class:`RateLimitError` and can slow the whole organization.
Every answer, success or error, tells the limiter the organization's daily budget (Zoho's
``X-Rate-Limit-*`` headers), so a spent budget stops calls before they are sent.

When the limiter can admit at once (the in-memory one, nobody queued), the stage takes and gives
back the slot itself, without a context manager's two coroutines, handing the answer's headers
over as they are in the same step (``QueuedLimiter.answered_now``); a limiter that reads
headers lazily (``observe_headers``) gets them unread on the other paths too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from ..errors import ApiError, DailyLimitExceeded, RateLimitError, ZohoBooksError
from ..limits.base import Limiter
from ..limits.budget import BudgetTracking, budget_headers
from ..limits.queue import NOT_NOW, QueuedLimiter
from .organization import ORGANIZATION_PARAM
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
        self._lazy: Callable[[str, Mapping[str, str]], None] | None = getattr(
            self._tracker, "observe_headers", None
        )
        self._queued = limiter if isinstance(limiter, QueuedLimiter) else None

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        organization_id = NO_ORGANIZATION
        for name, value in request.query:  # Request.query_value, without a call
            if name == ORGANIZATION_PARAM:
                organization_id = value or NO_ORGANIZATION
                break
        queued = self._queued
        if queued is None or request.deadline_at is not None or request.options.wait is False:
            return await self._through_slot(organization_id, request, call_next)
        ticket = queued.take_now(organization_id)
        if ticket is NOT_NOW:
            return await self._through_slot(organization_id, request, call_next)
        # The fast path: what the slot's context manager does, written out.
        try:
            response = await call_next(request)
        except BaseException as failure:
            try:
                if isinstance(failure, ApiError):
                    await self._failed(organization_id, failure)
            finally:
                if not queued.give_back_now(organization_id, ticket):
                    await queued.give_back(organization_id, ticket)
            raise
        # GET /organizations: no organization's budget to follow.
        headers = response.headers if organization_id != NO_ORGANIZATION else None
        if not queued.answered_now(organization_id, ticket, headers):
            try:
                self._observe(organization_id, response.headers)
            finally:
                if not queued.give_back_now(organization_id, ticket):
                    await queued.give_back(organization_id, ticket)
        return response

    async def _through_slot(self, organization_id: str, request: Request, call_next: Handler) -> Response:
        # Without a bound the keyword is left out: a limiter of your own need not know it.
        if request.deadline_at is None and request.options.wait is not False:
            slot = self._limiter.slot(organization_id)
        else:
            slot = self._limiter.slot(organization_id, max_wait=_max_wait(request))
        async with slot:
            try:
                response = await call_next(request)
            except ApiError as failure:
                await self._failed(organization_id, failure)
                raise
            self._observe(organization_id, response.headers)
            return response

    async def _failed(self, organization_id: str, failure: ApiError) -> None:
        self._observe(organization_id, failure.rate_limit_headers)
        if isinstance(failure, RateLimitError):
            await self._throttled(organization_id, failure)

    def _observe(self, organization_id: str, headers: Mapping[str, str]) -> None:
        if self._tracker is None or organization_id == NO_ORGANIZATION:
            return  # GET /organizations: no organization's budget to follow
        if self._lazy is not None:
            self._lazy(organization_id, headers)
            return
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
            # Zoho's Retry-After as it came: the limiter bounds the pause (limits.base.pause_bound,
            # the one bound), so a Retry-After of a day cannot stop the whole organization.
            await self._limiter.throttled(organization_id, throttle.code, throttle.retry_after)
        except ZohoBooksError as failure:
            # Zoho's answer is what the caller must see (and the retry stage judge):
            # a spent daily budget must not become a TransportError that is retried.
            logger.warning("could not hold organization %s back: %s", organization_id, failure)


def _max_wait(request: Request) -> float:
    """How long this attempt may wait for a slot: 0 with ``wait=False``, else the time left."""
    if request.options.wait is False or request.deadline_at is None:
        return 0.0
    return max(0.0, request.deadline_at - time.monotonic())
