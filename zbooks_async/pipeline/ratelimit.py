"""Rate-limit stage: wait for the organization's limiter before each attempt is sent.

It sits inside the retry stage, so every retry passes the limiter again, and outside the decode
stage, so it sees a 429 as a typed :class:`RateLimitError` and can slow the whole organization.
"""

from __future__ import annotations

import logging
import time

from ..errors import RateLimitError, ZohoBooksError
from ..limits.base import Limiter
from .organization import ORGANIZATION_PARAM
from .retry import bounded_pause
from .stage import Handler
from .values import Request, Response

NO_ORGANIZATION = "-"
logger = logging.getLogger("zbooks_async.limits")


class RateLimitStage:
    """Admits each attempt through ``limiter`` and reports throttles back to it."""

    def __init__(self, limiter: Limiter) -> None:
        self._limiter = limiter

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        organization_id = request.query_value(ORGANIZATION_PARAM) or NO_ORGANIZATION
        # Without a bound the keyword is left out: a limiter of your own need not know it.
        if request.deadline_at is None and request.options.wait is not False:
            slot = self._limiter.slot(organization_id)
        else:
            slot = self._limiter.slot(organization_id, max_wait=_max_wait(request))
        async with slot:
            try:
                return await call_next(request)
            except RateLimitError as throttle:
                try:
                    # Never longer than the code can mean: a Retry-After of a day (or a date
                    # in 2099) must not stop the whole organization, here or through Redis.
                    await self._limiter.throttled(
                        organization_id,
                        throttle.code,
                        bounded_pause(throttle.code, throttle.retry_after),
                    )
                except ZohoBooksError as failure:
                    # Zoho's answer is what the caller must see (and the retry stage judge):
                    # a spent daily budget must not become a TransportError that is retried.
                    logger.warning("could not hold organization %s back: %s", organization_id, failure)
                raise


def _max_wait(request: Request) -> float:
    """How long this attempt may wait for a slot: 0 with ``wait=False``, else the time left."""
    if request.options.wait is False or request.deadline_at is None:
        return 0.0
    return max(0.0, request.deadline_at - time.monotonic())
