"""The Redis limiter's batches: one script grants several slots when several callers wait.

A batch must never let through more than slots taken one by one would: every granted slot
counts in Redis from the moment it is granted (window, in-flight cap, daily budget), a spare
slot is never used past its time, and spares nobody takes (a waiter cancelled, a pause, the
caller that asked cancelled while Redis answered) are given back and stop counting.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from tests.limits.conftest import MakeLimiter
from zbooks_async.errors import DailyLimitExceeded, RateLimitWaitTooLong
from zbooks_async.limits import RateLimit, RedisLimiter
from zbooks_async.limits import redis_limiter as module
from zbooks_async.limits.queue import NOT_NOW

ORG = "10234695"
WINDOW_KEY = f"zbooks:limits:{{{ORG}}}:window"
FAR_AWAY = RateLimit(requests=10**6, period=60.0, concurrency=10**6)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    async with aioredis.Redis.from_url(redis_url) as client:
        yield client


def _batch_sizes(limiter: RedisLimiter, four_asked: asyncio.Event | None = None) -> list[int]:
    """Record how many slots each acquiring script of ``limiter`` asks for (and set
    ``four_asked`` when a script asking for 4 is on its way to Redis)."""
    asked: list[int] = []
    script = limiter._slot_script

    async def counting(*, keys: Any, args: Any) -> Any:
        if args[0] == "a":
            asked.append(int(args[3]))
            if four_asked is not None and asked[-1] == 4:
                four_asked.set()
        return await script(keys=keys, args=args)

    limiter._slot_script = counting  # type: ignore[assignment]
    return asked


async def _counted(redis: aioredis.Redis) -> int:
    """How many slots Redis counts in the window now (on Redis's clock)."""
    seconds, microseconds = await redis.time()
    now = seconds * 1_000_000 + microseconds
    return int(await redis.zcount(WINDOW_KEY, now + 1, "+inf"))


async def test_waiting_callers_share_one_script_per_batch(
    make_limiter: MakeLimiter, redis: aioredis.Redis
) -> None:
    limiter = make_limiter(FAR_AWAY)
    asked = _batch_sizes(limiter)
    admitted = 0

    async def caller() -> None:
        nonlocal admitted
        for _ in range(10):
            async with limiter.slot(ORG):
                admitted += 1

    await asyncio.gather(*(caller() for _ in range(20)))
    assert admitted == 200
    assert max(asked) == module.MOST_AT_ONCE
    assert len(asked) <= 200 // 4  # without batches: one script per admission
    await limiter.close()
    assert await _counted(redis) == 200  # each admission counted once, no spare left counting


async def test_batches_from_many_processes_never_exceed_the_window(
    make_limiter: MakeLimiter, redis: aioredis.Redis
) -> None:
    # A minute's window: nothing leaves it during the test, so at most `requests` ever get in.
    limit = RateLimit(requests=30, period=60.0, concurrency=1000)
    limiters = [make_limiter(limit) for _ in range(4)]
    asked = [_batch_sizes(limiter) for limiter in limiters]
    admitted = refused = 0

    async def caller(limiter: RedisLimiter) -> None:
        nonlocal admitted, refused
        try:
            async with limiter.slot(ORG, max_wait=5.0):  # the window frees in a minute: refused
                admitted += 1
        except RateLimitWaitTooLong:
            refused += 1

    async with asyncio.timeout(30):
        await asyncio.gather(*(caller(limiter) for limiter in limiters for _ in range(20)))
    assert max(size for sizes in asked for size in sizes) > 1  # batches were asked for
    assert admitted <= 30 and admitted + refused == 80
    assert await _counted(redis) <= 30


async def test_batches_never_exceed_the_in_flight_cap(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=10_000, period=1.0, concurrency=5)
    limiters = [make_limiter(limit) for _ in range(3)]
    asked = [_batch_sizes(limiter) for limiter in limiters]
    running = peak = 0

    async def caller(limiter: RedisLimiter) -> None:
        nonlocal running, peak
        for _ in range(4):
            async with limiter.slot(ORG):
                running += 1
                peak = max(peak, running)
                await asyncio.sleep(0.002)
                running -= 1

    async with asyncio.timeout(30):
        await asyncio.gather(*(caller(limiter) for limiter in limiters for _ in range(8)))
    assert max(size for sizes in asked for size in sizes) > 1
    assert peak == 5


async def test_a_batch_never_exceeds_the_daily_budget(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=1000, period=60.0, concurrency=100, daily=5)
    limiters = [make_limiter(limit) for _ in range(2)]
    asked = [_batch_sizes(limiter) for limiter in limiters]
    admitted = spent = 0

    async def caller(limiter: RedisLimiter) -> None:
        nonlocal admitted, spent
        try:
            async with limiter.slot(ORG):
                admitted += 1
        except DailyLimitExceeded:
            spent += 1

    await asyncio.gather(*(caller(limiter) for limiter in limiters for _ in range(10)))
    assert max(size for sizes in asked for size in sizes) > 1
    assert admitted <= 5 and admitted + spent == 20


async def _spares_of_a_batch(limiter: RedisLimiter, size: int) -> object:
    """Have ``limiter`` ask Redis for ``size`` slots as if ``size`` callers waited: the
    first is returned (in use), the others stay spare."""
    queue = limiter._queue(ORG)
    queue.waiting = size
    try:
        verdict = await limiter._ask(ORG)
    finally:
        queue.waiting = 0
    assert verdict.granted
    assert len(limiter._spares[ORG]) == size - 1
    return verdict.ticket


async def test_a_spare_is_never_used_after_its_time(make_limiter: MakeLimiter, redis: aioredis.Redis) -> None:
    limiter = make_limiter(FAR_AWAY, flush_delay=0.0)
    now = [1000.0]
    limiter._clock = lambda: now[0]
    await _spares_of_a_batch(limiter, 4)
    assert limiter._take_now(ORG) is not NOT_NOW  # within its time: taken
    now[0] += module.SPARE_TTL  # the other two spares' time is up
    assert limiter._take_now(ORG) is NOT_NOW
    assert ORG not in limiter._spares or not limiter._spares[ORG]
    await limiter._flush()
    assert await _counted(redis) == 2  # the two in use; the expired spares stopped counting


async def test_spares_nobody_waits_for_are_given_back(
    make_limiter: MakeLimiter, redis: aioredis.Redis
) -> None:
    limiter = make_limiter(FAR_AWAY, flush_delay=0.0)
    ticket = await _spares_of_a_batch(limiter, 5)
    limiter._queue(ORG).waiting = 1  # while a caller waits, the spares stay
    assert await _counted(redis) == 5  # granted slots count from the moment they are granted
    assert len(limiter._spares[ORG]) == 4
    limiter._queue(ORG).waiting = 0
    await limiter.give_back(ORG, ticket)  # the request is over and nobody waits
    assert ORG not in limiter._spares
    await limiter._flush()
    assert await _counted(redis) == 1  # the finished request counts a window; the spares not


async def test_a_pause_gives_this_process_spares_back(
    make_limiter: MakeLimiter, redis: aioredis.Redis
) -> None:
    limiter = make_limiter(FAR_AWAY, flush_delay=0.0)
    await _spares_of_a_batch(limiter, 4)
    await limiter.throttled(ORG, 1070, 5.0)
    assert limiter._take_now(ORG) is NOT_NOW  # granted before the pause: not used in it
    await limiter._flush()
    assert await _counted(redis) == 1


async def test_slots_granted_to_a_cancelled_caller_are_not_lost(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=1000, period=60.0, concurrency=4)
    first, second = make_limiter(limit), make_limiter(limit)
    four_asked = asyncio.Event()
    _batch_sizes(first, four_asked)
    await first.throttled(ORG, 1070, 0.05)  # the callers queue up meanwhile: one asks for all
    callers = [asyncio.create_task(_enter_and_leave(first)) for _ in range(4)]
    await four_asked.wait()
    for caller in callers:
        caller.cancel()
    await asyncio.gather(*callers, return_exceptions=True)
    # Whatever Redis granted is given back: another process gets all 4 slots at once.
    async with asyncio.timeout(5):
        await _all_inside_together(second, 4)


async def test_spares_of_cancelled_waiters_come_back_to_other_processes(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=1000, period=60.0, concurrency=4)
    first, second = make_limiter(limit), make_limiter(limit)
    four_asked = asyncio.Event()
    _batch_sizes(first, four_asked)
    inside = asyncio.Event()
    done = asyncio.Event()

    async def holder() -> None:
        async with first.slot(ORG):
            inside.set()
            await done.wait()

    await first.throttled(ORG, 1070, 0.05)
    head = asyncio.create_task(holder())
    waiters = [asyncio.create_task(_enter_and_leave(first)) for _ in range(3)]
    await four_asked.wait()
    for waiter in waiters:  # they leave before taking the slots asked for them
        waiter.cancel()
    await asyncio.gather(*waiters, return_exceptions=True)
    await inside.wait()
    async with asyncio.timeout(5):  # the head holds one; the 3 others come back
        await _all_inside_together(second, 3)
    done.set()
    await head


async def _enter_and_leave(limiter: RedisLimiter) -> None:
    async with limiter.slot(ORG):
        pass


async def _all_inside_together(limiter: RedisLimiter, count: int) -> None:
    everyone_in = asyncio.Barrier(count)

    async def call() -> None:
        async with limiter.slot(ORG):
            await everyone_in.wait()

    await asyncio.gather(*(call() for _ in range(count)))
