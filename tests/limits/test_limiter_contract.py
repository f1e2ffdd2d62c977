"""What every limiter promises, checked on the in-memory one and on the Redis one alike."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as aioredis

from zbooks_async.errors import DailyLimitExceeded
from zbooks_async.limits import InMemoryLimiter, Limiter, RateLimit, RedisLimiter

ORG = "10234695"
MakeLimiter = Callable[[RateLimit], Limiter]


@pytest.fixture(params=["memory", "redis"])
async def make_limiter(request: pytest.FixtureRequest) -> AsyncIterator[MakeLimiter]:
    made: list[Limiter] = []
    clients: list[aioredis.Redis] = []
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""

    def make(limit: RateLimit) -> Limiter:
        limiter: Limiter
        if request.param == "memory":
            limiter = InMemoryLimiter(limit)
        else:
            client = aioredis.Redis.from_url(redis_url)
            clients.append(client)
            limiter = RedisLimiter(limit, client)
        made.append(limiter)
        return limiter

    yield make
    for limiter in made:
        await limiter.close()
    for client in clients:
        await client.aclose()


async def test_no_request_is_admitted_until_the_window_has_room(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=5, period=0.2, margin=0.0))
    admitted: list[float] = []
    released: list[float] = []

    async def call() -> None:
        async with limiter.slot(ORG):
            admitted.append(time.monotonic())
            await asyncio.sleep(0.001)
            released.append(time.monotonic())

    async with asyncio.timeout(10):  # a generous bound: a stuck limiter fails, a slow machine not
        await asyncio.gather(*(call() for _ in range(15)))
    admitted.sort()
    released.sort()
    # The k-th admission comes a full period after the (k-5)-th request finished.
    for k in range(5, 15):
        assert admitted[k] - released[k - 5] >= 0.2 - 1e-3


async def test_no_more_than_concurrency_requests_are_in_flight(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=1000, period=1.0, concurrency=3))
    running = peak = 0

    async def call() -> None:
        nonlocal running, peak
        async with limiter.slot(ORG):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.005)
            running -= 1

    await asyncio.gather(*(call() for _ in range(12)))
    assert peak == 3


async def test_waiters_are_served_first_come_first_served(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=1000, period=1.0, concurrency=1))
    order: list[int] = []

    async def call(n: int) -> None:
        async with limiter.slot(ORG):
            order.append(n)

    async with limiter.slot(ORG):
        tasks = []
        for n in range(20):
            tasks.append(asyncio.create_task(call(n)))
            await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    assert order == list(range(20))


async def test_a_cancelled_waiter_takes_nothing(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=1000, period=1.0, concurrency=1))
    async with limiter.slot(ORG):
        waiter = asyncio.create_task(_enter_and_leave(limiter))
        await asyncio.sleep(0.02)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    async with asyncio.timeout(0.5), limiter.slot(ORG):
        pass


async def test_a_cancelled_request_gives_its_slot_back(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=1000, period=1.0, concurrency=1))
    inside = asyncio.Event()

    async def stuck() -> None:
        async with limiter.slot(ORG):
            inside.set()
            await asyncio.Event().wait()

    holder = asyncio.create_task(stuck())
    await inside.wait()
    holder.cancel()
    with pytest.raises(asyncio.CancelledError):
        await holder
    async with asyncio.timeout(0.5), limiter.slot(ORG):
        pass


async def test_cancelling_many_callers_at_random_moments_leaks_no_slot(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit(requests=10_000, period=1.0, concurrency=3))
    rng = random.Random(7)

    async def call() -> None:
        async with limiter.slot(ORG):
            await asyncio.sleep(rng.uniform(0, 0.01))

    tasks = [asyncio.create_task(call()) for _ in range(60)]
    for task in tasks:
        for _ in range(rng.randrange(4)):
            await asyncio.sleep(0)
        if rng.random() < 0.6:
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    # Every slot is free again: three callers get in at once.
    async with asyncio.timeout(1.0):
        await _all_inside_together(limiter, 3)


async def test_a_429_holds_back_the_whole_organization_but_no_other(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit(requests=100, period=2.0))
    await limiter.throttled(ORG, 44, None)  # pause period / 4
    started = time.monotonic()
    entered: list[str] = []

    async def call(organization_id: str) -> None:
        async with limiter.slot(organization_id):
            entered.append(organization_id)

    held_back = asyncio.create_task(call(ORG))
    await asyncio.wait_for(call("999"), 5)
    await asyncio.wait_for(held_back, 5)
    assert entered == ["999", ORG]  # the other organization went first
    assert time.monotonic() - started >= 0.5 - 1e-3


async def test_retry_after_is_honoured(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(RateLimit(requests=100, period=60.0))
    await limiter.throttled(ORG, 1070, 0.15)
    started = time.monotonic()
    async with limiter.slot(ORG):
        assert time.monotonic() - started >= 0.14


async def test_code_45_stops_the_organization_until_its_budget_renews(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit())
    await limiter.throttled(ORG, 45, None)
    with pytest.raises(DailyLimitExceeded) as raised:
        async with limiter.slot(ORG):
            pass
    error = raised.value
    assert error.code == 45 and "renews at" in str(error) and "wait_for_next_day=True" in str(error)
    # No answer said when: a day from now is the latest the budget can renew.
    assert error.renews_at is not None and error.retry_after is not None
    assert 86000 < error.retry_after <= 86400
    async with limiter.slot("999"):
        pass


async def test_a_spent_configured_daily_budget_raises_a_clear_error(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit(daily=3))
    for _ in range(3):
        async with limiter.slot(ORG):
            pass
    with pytest.raises(DailyLimitExceeded, match="daily budget of 3 requests") as raised:
        async with limiter.slot(ORG):
            pass
    assert raised.value.code == 45 and "wait_for_next_day=True" in str(raised.value)
    assert raised.value.retry_after is not None and 86000 < raised.value.retry_after <= 86400


async def test_a_spent_configured_daily_budget_can_wait_for_it_to_renew(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit(daily=2, day=0.5, wait_for_next_day=True))
    for _ in range(2):
        async with limiter.slot(ORG):
            pass
    third = asyncio.create_task(_enter_and_leave(limiter))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not third.done()  # waiting for the day to turn, not refused
    await asyncio.wait_for(third, 5)


async def _enter_and_leave(limiter: Limiter) -> None:
    async with limiter.slot(ORG):
        pass


async def _all_inside_together(limiter: Limiter, count: int) -> None:
    everyone_in = asyncio.Barrier(count)

    async def call() -> None:
        async with limiter.slot(ORG):
            await everyone_in.wait()

    await asyncio.gather(*(call() for _ in range(count)))


@pytest.mark.parametrize(
    ("code", "retry_after"),
    [(44, 86400.0), (1070, float("inf")), (None, 1e9), (44, float("nan")), (1070, -5.0)],
)
async def test_no_429_pauses_the_organization_past_the_bound_of_its_code(
    make_limiter: MakeLimiter, code: int | None, retry_after: float
) -> None:
    limiter = make_limiter(RateLimit(requests=100, period=0.2))
    await limiter.throttled(ORG, code, retry_after)
    async with asyncio.timeout(5), limiter.slot(ORG):  # bound: one window (0.2 s), not a day
        pass
