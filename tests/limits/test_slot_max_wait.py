"""``Limiter.slot(org, max_wait=...)``: a wait known to be longer is refused before queueing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from zbooks_async import RateLimitWaitTooLong
from zbooks_async.limits import InMemoryLimiter, RateLimit, RedisLimiter
from zbooks_async.limits import queue as queue_module
from zbooks_async.limits.queue import QueuedLimiter

ORG = "10234695"
ONE_A_MINUTE = RateLimit(requests=1, period=60.0, margin=0.0)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def forbidden(seconds: float) -> None:
        raise AssertionError(f"the limiter slept {seconds} s")

    monkeypatch.setattr(queue_module.asyncio, "sleep", forbidden)


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[QueuedLimiter]:
    if request.param == "memory":
        memory = InMemoryLimiter(ONE_A_MINUTE, clock=lambda: 0.0)
        yield memory
        await memory.close()
        return
    client = aioredis.Redis.from_url(request.getfixturevalue("redis_url"))
    shared = RedisLimiter(ONE_A_MINUTE, client)
    yield shared
    await shared.close()
    await client.aclose()


@pytest.mark.usefixtures("no_sleep")
async def test_a_known_wait_longer_than_max_wait_is_refused_at_once(limiter: QueuedLimiter) -> None:
    async with limiter.slot(ORG, max_wait=1.0):
        pass
    with pytest.raises(RateLimitWaitTooLong) as raised:
        async with limiter.slot(ORG, max_wait=2.0):
            raise AssertionError("admitted")
    assert raised.value.wait is not None and 2.0 < raised.value.wait <= 60.0
    with pytest.raises(RateLimitWaitTooLong):
        async with limiter.slot(ORG, max_wait=0):
            raise AssertionError("admitted")


async def test_max_wait_zero_refuses_while_others_are_queued() -> None:
    limiter = InMemoryLimiter(RateLimit(concurrency=1))
    holding = asyncio.Event()
    release = asyncio.Event()

    async def hold() -> None:
        async with limiter.slot(ORG):
            holding.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holding.wait()
    with pytest.raises(RateLimitWaitTooLong) as raised:
        async with limiter.slot(ORG, max_wait=0):
            raise AssertionError("admitted")
    assert raised.value.wait is None
    release.set()
    await holder
    async with limiter.slot(ORG, max_wait=0):  # free again: admitted at once
        pass


async def test_an_unknown_wait_ends_when_max_wait_runs_out_and_takes_nothing() -> None:
    limiter = InMemoryLimiter(RateLimit(concurrency=1))
    async with limiter.slot(ORG):
        with pytest.raises(RateLimitWaitTooLong):
            async with limiter.slot(ORG, max_wait=0.01):
                raise AssertionError("admitted")
    async with limiter.slot(ORG, max_wait=0):
        pass
    assert limiter._state(ORG).in_flight == 0
