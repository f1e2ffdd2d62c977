"""Fixtures for the limiter tests against a real redis-server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis

from zbooks_async.limits import RateLimit, RedisLimiter

MakeLimiter = Callable[..., RedisLimiter]


@pytest.fixture
async def make_limiter(redis_url: str) -> AsyncIterator[MakeLimiter]:
    """Limiters as separate processes would build them: each with its own Redis client."""
    made: list[tuple[RedisLimiter, aioredis.Redis]] = []

    def make(limit: RateLimit, **options: float) -> RedisLimiter:
        client = aioredis.Redis.from_url(redis_url)
        limiter = RedisLimiter(limit, client, **options)
        made.append((limiter, client))
        return limiter

    yield make
    for limiter, client in made:
        await limiter.close()
        await client.aclose()
