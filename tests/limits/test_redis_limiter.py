"""The Redis limiter: limits shared by separate clients, expiry of its keys, Redis failures."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any

import pytest
import redis.asyncio as aioredis

from tests.limits.conftest import MakeLimiter
from zbooks_async import ZohoBooks
from zbooks_async.errors import ConfigurationError, DailyLimitExceeded, TransportError
from zbooks_async.limits import RateLimit, RedisLimiter

ORG = "10234695"


async def test_the_in_flight_cap_holds_across_clients(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=1000, period=1.0, concurrency=4)
    limiters = [make_limiter(limit) for _ in range(3)]
    running = peak = 0

    async def call(limiter: RedisLimiter) -> None:
        nonlocal running, peak
        async with limiter.slot(ORG):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(call(limiter) for limiter in limiters for _ in range(8)))
    assert peak == 4


async def test_the_window_holds_across_clients(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=6, period=0.3, margin=0.0)
    limiters = [make_limiter(limit) for _ in range(3)]
    admitted: list[float] = []
    released: list[float] = []

    async def call(limiter: RedisLimiter) -> None:
        async with limiter.slot(ORG):
            admitted.append(time.time())
        released.append(time.time())

    async with asyncio.timeout(10):
        await asyncio.gather(*(call(limiter) for limiter in limiters for _ in range(4)))
    admitted.sort()
    released.sort()
    # Whichever client asks, the k-th admission comes a period after the (k-6)-th release
    # (Redis's clock and this one differ by the round trip at most: allow 10 ms).
    for k in range(6, 12):
        assert admitted[k] - released[k - 6] >= 0.3 - 0.01


async def test_a_throttle_seen_by_one_client_holds_back_the_others(
    make_limiter: MakeLimiter,
) -> None:
    first, second = make_limiter(RateLimit()), make_limiter(RateLimit())
    started = time.monotonic()
    await first.throttled(ORG, 1070, 0.2)
    async with asyncio.timeout(5), second.slot(ORG):
        assert time.monotonic() - started >= 0.2 - 0.01
    await first.throttled("999", 45, None)
    with pytest.raises(DailyLimitExceeded):
        async with second.slot("999"):
            pass


async def test_the_daily_budget_is_shared(make_limiter: MakeLimiter) -> None:
    first, second = make_limiter(RateLimit(daily=3)), make_limiter(RateLimit(daily=3))
    for limiter in (first, second, first):
        async with limiter.slot(ORG):
            pass
    with pytest.raises(DailyLimitExceeded):
        async with second.slot(ORG):
            pass


async def test_its_keys_expire_and_hold_no_secrets(make_limiter: MakeLimiter, redis_url: str) -> None:
    limiter = make_limiter(RateLimit(requests=10, period=1.0), lease=5.0)
    async with limiter.slot(ORG):
        pass
    await limiter.throttled(ORG, 44, None)
    await limiter.close()  # sends the release still waiting to ride on the next acquire
    async with aioredis.Redis.from_url(redis_url) as client:
        keys = sorted([key.decode() async for key in client.scan_iter("*")])
        ttls = [await client.pttl(key) for key in keys]
    assert keys == [f"zbooks:limits:{{{ORG}}}:{name}" for name in ("state", "window")]
    assert all(ttl > 0 for ttl in ttls)


async def test_an_admission_writes_only_what_changed(make_limiter: MakeLimiter, redis_url: str) -> None:
    # One ZADD to take the slot and one to give it back; the fingerprint and the keys' expiries
    # are written again only once their time is half gone, not on every admission.
    limiter = make_limiter(RateLimit(requests=10**6, period=60.0, concurrency=100))
    async with limiter.slot(ORG):  # the first admission writes everything
        pass
    async with aioredis.Redis.from_url(redis_url) as client:
        await client.config_resetstat()
        for _ in range(50):
            async with limiter.slot(ORG):
                pass
        stats = await client.info("commandstats")
    calls = {name.removeprefix("cmdstat_"): stat["calls"] for name, stat in stats.items()}
    assert calls["evalsha"] == 50  # each release rode on the next admission
    assert calls["zadd"] == 50  # each takes its slot and gives the one before back in one ZADD
    writes = {name: calls.get(name, 0) for name in ("set", "hset", "pexpire", "hincrby", "zrem")}
    assert writes == {"set": 0, "hset": 0, "pexpire": 0, "hincrby": 0, "zrem": 0}


async def test_long_requests_keep_their_slot_by_renewing_the_lease(
    make_limiter: MakeLimiter,
) -> None:
    limit = RateLimit(requests=1000, period=1.0, concurrency=1)
    first, second = make_limiter(limit, lease=0.15), make_limiter(limit, lease=0.15)
    async with first.slot(ORG):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.5), second.slot(ORG):
                pass
    async with asyncio.timeout(0.5), second.slot(ORG):
        pass


async def test_unreachable_redis_is_a_transport_error_that_never_reached_zoho() -> None:
    client = aioredis.Redis.from_url("redis://127.0.0.1:9/0")
    limiter = RedisLimiter(RateLimit(), client)
    try:
        with pytest.raises(TransportError, match="rate limiter could not use Redis") as raised:
            async with limiter.slot(ORG):
                pass
        assert raised.value.may_have_reached_server is False
    finally:
        await limiter.close()
        await client.aclose()


async def test_a_session_with_redis_url_shares_its_limiter_and_closes_its_client(
    redis_url: str,
) -> None:
    books = ZohoBooks(organization_id=ORG, access_token="t", redis_url=redis_url)
    assert isinstance(books.limiter, RedisLimiter)
    async with books.limiter.slot(ORG):
        pass
    await books.close()
    assert books.limiter._connection._closed


async def test_a_session_never_closes_a_redis_client_it_was_given(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    async with ZohoBooks(organization_id=ORG, access_token="t", redis=client) as books:
        assert books.limiter is not None
        async with books.limiter.slot(ORG):
            pass
    assert await client.ping()
    await client.aclose()


async def test_a_process_with_another_rate_limit_for_the_organization_is_refused_clearly(
    make_limiter: MakeLimiter,
) -> None:
    first = make_limiter(RateLimit(requests=100, period=60.0))
    second = make_limiter(RateLimit(requests=50, period=60.0))
    async with first.slot(ORG):
        pass
    with pytest.raises(ConfigurationError, match="must use the same RateLimit") as raised:
        async with second.slot(ORG):
            pass
    assert "requests=100" in str(raised.value) and "requests=50" in str(raised.value)
    async with second.slot("999"):  # another organization is not affected
        pass
    async with make_limiter(RateLimit(requests=100, period=60.0, wait_for_next_day=True)).slot(ORG):
        pass  # waiting for the next day or not does not change how processes count


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ({"period": 60}, {"period": 60.0}),  # the README's notation against the default's
        ({"period": 60, "day": 86400, "margin": 0}, {"period": 60.0, "day": 86400.0, "margin": 0.0}),
        ({"requests": 20, "period": 1}, {"requests": 20, "period": 1.0}),
    ],
)
async def test_limits_written_as_int_or_float_are_the_same_limit_on_one_redis(
    make_limiter: MakeLimiter, written: dict[str, Any], other: dict[str, Any]
) -> None:
    first = make_limiter(RateLimit(**written))
    second = make_limiter(RateLimit(**other))
    async with first.slot(ORG):
        pass
    async with second.slot(ORG):  # no ConfigurationError: the same limit by value
        pass
    async with first.slot(ORG):
        pass


async def test_a_real_disagreement_is_still_refused_naming_both_limits(make_limiter: MakeLimiter) -> None:
    first = make_limiter(RateLimit(period=60))
    second = make_limiter(RateLimit(period=30))
    async with first.slot(ORG):
        pass
    with pytest.raises(ConfigurationError, match="must use the same RateLimit") as raised:
        async with second.slot(ORG):
            pass
    assert "period=60.0" in str(raised.value) and "period=30.0" in str(raised.value)


async def test_a_finished_slot_is_given_back_by_the_next_acquire_in_the_same_round_trip(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(RateLimit(requests=1000, period=1.0, concurrency=1), flush_delay=30.0)
    async with limiter.slot(ORG):
        pass
    # The release was not sent alone (flush_delay is long): the next acquire carries it.
    async with asyncio.timeout(5), limiter.slot(ORG):
        pass


async def test_releases_not_yet_sent_are_sent_on_close(make_limiter: MakeLimiter) -> None:
    limit = RateLimit(requests=1000, period=1.0, concurrency=2)
    first, second = make_limiter(limit, flush_delay=30.0), make_limiter(limit)
    await asyncio.gather(*(_inside_together(first, 2)))
    # Until Redis hears of the releases the slots stay counted: stricter, never looser.
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.1), second.slot(ORG):
            pass
    await first.close()
    async with asyncio.timeout(5):
        await asyncio.gather(*(_inside_together(second, 2)))


def _inside_together(limiter: RedisLimiter, count: int) -> list[Coroutine[Any, Any, None]]:
    everyone_in = asyncio.Barrier(count)

    async def call() -> None:
        async with limiter.slot(ORG):
            await everyone_in.wait()

    return [call() for _ in range(count)]
