"""Rate-limit stage: wait for the organization's limiter before each attempt is sent.

It sits inside the retry stage, so every retry passes the limiter again, and outside the decode
stage, so it sees a 429 as a typed :class:`RateLimitError` and can slow the whole organization.
"""

from __future__ import annotations

import logging

from ..errors import RateLimitError, ZohoBooksError
from ..limits.base import Limiter
from .organization import ORGANIZATION_PARAM
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
        async with self._limiter.slot(organization_id):
            try:
                return await call_next(request)
            except RateLimitError as throttle:
                try:
                    await self._limiter.throttled(
                        organization_id, throttle.code, throttle.retry_after
                    )
                except ZohoBooksError as failure:
                    # Zoho's answer is what the caller must see (and the retry stage judge):
                    # a spent daily budget must not become a TransportError that is retried.
                    logger.warning("could not hold organization %s back: %s", organization_id, failure)
                raise
