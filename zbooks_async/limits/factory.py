"""Build the limiter a ``ZohoBooks`` session uses from its keywords."""

from __future__ import annotations

from .base import Limiter, RateLimit
from .connection import RedisConnection
from .memory import InMemoryLimiter


def build_limiter(
    rate_limit: RateLimit | None,
    limiter: Limiter | None,
    redis: RedisConnection | None,
) -> Limiter | None:
    """The caller's ``limiter``; else one enforcing ``rate_limit`` (shared through ``redis`` if
    given, in this process otherwise); ``None`` when ``rate_limit`` is None."""
    if limiter is not None:
        return limiter
    if rate_limit is None:
        return None
    if redis is not None:
        from .redis_limiter import RedisLimiter

        return RedisLimiter(rate_limit, redis)
    return InMemoryLimiter(rate_limit)
