"""The daily budget follows Zoho's X-Rate-Limit-* headers, in one process and through Redis."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis

from zbooks_async import RetryPolicy, ZohoBooks
from zbooks_async.errors import DailyLimitExceeded, ValidationError
from zbooks_async.limits import Budget, InMemoryLimiter, RateLimit, RedisLimiter
from zbooks_async.limits.budget import BudgetHeaders, budget_headers
from zbooks_async.pipeline.values import Request, Response

ORG = "10234695"
CONTACT = {
    "contact_id": "460000000026049",
    "contact_name": "Bowman and Co",
    "contact_type": "customer",
    "status": "active",
}
START_WALL = 1_790_000_000.0


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Clocks:
    """A monotonic and a wall clock that move together."""

    def __init__(self) -> None:
        self.monotonic = Clock(1000.0)
        self.wall = Clock(START_WALL)

    def advance(self, seconds: float) -> None:
        self.monotonic.now += seconds
        self.wall.now += seconds

    def moment(self, seconds_from_now: float) -> datetime:
        return datetime.fromtimestamp(self.wall.now + seconds_from_now, UTC)


class Zoho:
    """A transport that answers like Zoho: every answer carries the budget headers."""

    def __init__(self, *, limit: int = 1000, remaining: int = 879, reset: int = 20421) -> None:
        self.limit, self.remaining, self.reset = limit, remaining, reset
        self.status, self.code = 200, 0
        self.sent: list[Request] = []

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.sent.append(request)
        headers = {
            "Content-Type": "application/json;charset=UTF-8",
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": str(self.reset),
        }
        if self.code == 3062:
            body = {"code": 3062, "message": "The customer \"Bowman and Co\" already exists."}
        elif self.code == 45:
            body = {"code": 45, "message": "The API call for this organization has exceeded "
                    f"the maximum call rate limit of {self.limit}."}
        else:
            body = {"code": 0, "message": "success", "contact": CONTACT}
        return Response(status=self.status, headers=headers, body=json.dumps(body).encode())

    async def close(self) -> None:
        pass


def session(zoho: Zoho, limiter: InMemoryLimiter | RedisLimiter) -> ZohoBooks:
    return ZohoBooks(
        organization_id=ORG,
        access_token="t",
        transport=zoho,
        limiter=limiter,
        retry=RetryPolicy(max_retries=0),
    )


def test_the_headers_are_read_whatever_their_case() -> None:
    seen = budget_headers(
        {"x-rate-limit-limit": "7500", "X-RATE-LIMIT-REMAINING": "6775", "X-Rate-Limit-Reset": "34881"}
    )
    assert seen == BudgetHeaders(limit=7500, remaining=6775, reset=34881.0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Rate-Limit-Remaining": "5"},
        {"X-Rate-Limit-Remaining": "-1", "X-Rate-Limit-Reset": "10"},
        {"X-Rate-Limit-Remaining": "5", "X-Rate-Limit-Reset": "nan"},
        {"X-Rate-Limit-Remaining": "5", "X-Rate-Limit-Reset": "-3"},
        {"X-Rate-Limit-Remaining": "lots", "X-Rate-Limit-Reset": "10"},
    ],
)
def test_missing_or_unreadable_headers_say_nothing(headers: dict[str, str]) -> None:
    assert budget_headers(headers) is None


async def test_no_call_is_sent_while_zoho_said_nothing_is_left_and_calls_flow_after_renewal() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    zoho = Zoho(remaining=0, reset=3600)
    async with session(zoho, limiter) as books:
        await books.contacts.get("1")  # Zoho answered, and said that was the last one
        with pytest.raises(DailyLimitExceeded, match="renews at") as raised:
            await books.contacts.get("1")
        assert len(zoho.sent) == 1  # refused before sending
        assert raised.value.renews_at == clocks.moment(3600)
        assert raised.value.retry_after == pytest.approx(3600)
        clocks.advance(3599)
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
        assert len(zoho.sent) == 1
        clocks.advance(1)
        zoho.remaining, zoho.reset = 999, 86399
        await books.contacts.get("1")
        assert len(zoho.sent) == 2


async def test_the_budget_can_be_read() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    assert await limiter.budget(ORG) == Budget()
    async with session(Zoho(limit=7500, remaining=6775, reset=34881), limiter) as books:
        await books.contacts.get("1")
        budget = await books.limits()
    assert budget == Budget(
        limit=7500, remaining=6775, renews_at=clocks.moment(34881), observed_at=clocks.moment(0)
    )
    assert budget.renews_at is not None and budget.renews_at.tzinfo is not None


async def test_admitted_calls_count_down_before_their_answers_come() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=2, reset=60))
    for _ in range(2):
        async with limiter.slot(ORG):
            pass
    with pytest.raises(DailyLimitExceeded):
        async with limiter.slot(ORG):
            pass


async def test_an_older_answer_arriving_late_does_not_raise_the_budget() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=5, reset=600))
    limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=7, reset=600))
    assert (await limiter.budget(ORG)).remaining == 5
    clocks.advance(600)  # the budget renewed: the next answer is taken as it is
    limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=998, reset=86399))
    assert (await limiter.budget(ORG)).remaining == 998


async def test_a_code_45_answer_carries_when_the_budget_renews_and_stops_the_next_calls() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    zoho = Zoho(remaining=0, reset=120)
    zoho.status, zoho.code = 429, 45
    async with session(zoho, limiter) as books:
        with pytest.raises(DailyLimitExceeded) as first:
            await books.contacts.get("1")
        assert first.value.retry_after == 120 and first.value.renews_at is not None
        with pytest.raises(DailyLimitExceeded) as second:
            await books.contacts.get("1")
        assert len(zoho.sent) == 1
        assert second.value.renews_at == clocks.moment(120)


@pytest.mark.parametrize("kind", ["memory", "redis"])
async def test_a_hostile_reset_header_stops_the_organization_for_a_day_at_most(
    kind: str, request: pytest.FixtureRequest
) -> None:
    limiter: InMemoryLimiter | RedisLimiter
    client = None
    if kind == "memory":
        limiter = InMemoryLimiter(RateLimit())
    else:
        client = aioredis.Redis.from_url(request.getfixturevalue("redis_url"))
        limiter = RedisLimiter(RateLimit(), client)
    try:
        limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=0, reset=1e300))
        with pytest.raises(DailyLimitExceeded) as raised:
            async with limiter.slot(ORG):
                pass
        assert raised.value.retry_after is not None and raised.value.retry_after <= 86400
    finally:
        await limiter.close()
        if client is not None:
            await client.aclose()


async def test_an_error_answer_tells_the_budget_too() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    zoho = Zoho(remaining=0, reset=30)
    zoho.status, zoho.code = 400, 3062
    async with session(zoho, limiter) as books:
        with pytest.raises(ValidationError):
            await books.contacts.get("1")
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert len(zoho.sent) == 1


async def test_a_code_45_answer_with_a_hostile_reset_renews_within_a_day() -> None:
    limiter = InMemoryLimiter(RateLimit())
    zoho = Zoho(remaining=0, reset=10**15)
    zoho.status, zoho.code = 429, 45
    async with session(zoho, limiter) as books:
        with pytest.raises(DailyLimitExceeded) as raised:
            await books.contacts.get("1")
    assert raised.value.retry_after == 86400
    assert raised.value.renews_at is not None


async def test_a_configured_daily_budget_works_without_headers() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(
        RateLimit(daily=2, day=100.0), clock=clocks.monotonic, wall_clock=clocks.wall
    )
    for _ in range(2):
        async with limiter.slot(ORG):
            pass
    with pytest.raises(DailyLimitExceeded, match="daily budget of 2 requests") as raised:
        async with limiter.slot(ORG):
            pass
    assert raised.value.renews_at == clocks.moment(100)
    assert await limiter.budget(ORG) == Budget(limit=2, remaining=0, renews_at=clocks.moment(100))
    clocks.advance(100)
    async with limiter.slot(ORG):
        pass


async def test_a_configured_daily_budget_renews_when_zohos_does() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(
        RateLimit(daily=2), clock=clocks.monotonic, wall_clock=clocks.wall
    )
    async with limiter.slot(ORG):
        limiter.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=500, reset=50))
    async with limiter.slot(ORG):
        pass
    with pytest.raises(DailyLimitExceeded) as raised:
        async with limiter.slot(ORG):
            pass
    assert raised.value.renews_at == clocks.moment(50)  # Zoho's renewal, not a day from the first call
    clocks.advance(50)
    async with limiter.slot(ORG):
        pass


@pytest.fixture
async def redis_limiters(redis_url: str) -> AsyncIterator[list[RedisLimiter]]:
    """Two limiters on two connections, as two processes would have them."""
    clients = [aioredis.Redis.from_url(redis_url) for _ in range(2)]
    limiters = [
        RedisLimiter(RateLimit(wait_for_next_day=wait), client)
        for client, wait in zip(clients, (False, True), strict=True)
    ]
    yield limiters
    for limiter in limiters:
        await limiter.close()
    for client in clients:
        await client.aclose()


async def test_through_redis_a_budget_one_process_saw_spent_stops_the_other_until_it_renews(
    redis_limiters: list[RedisLimiter],
) -> None:
    first, second = redis_limiters
    zoho_first, zoho_second = Zoho(remaining=0, reset=1), Zoho(remaining=999, reset=86399)
    async with session(zoho_first, first) as books_first, session(zoho_second, second) as books_second:
        await books_first.contacts.get("1")  # its answer says nothing is left for 1 s
        budget = await first.budget(ORG)  # sends what this process saw, then reads Redis
        assert budget.limit == 1000 and budget.remaining == 0
        assert budget.renews_at is not None
        assert budget.renews_at - datetime.now(UTC) <= timedelta(seconds=1)
        with pytest.raises(DailyLimitExceeded):
            await books_first.contacts.get("1")
        waiting = asyncio.create_task(books_second.contacts.get("1"))  # waits for the next day
        for _ in range(20):
            await asyncio.sleep(0)
        assert not waiting.done() and zoho_second.sent == []
        await asyncio.wait_for(waiting, 10)
        assert len(zoho_second.sent) == 1 and len(zoho_first.sent) == 1
        assert (await second.budget(ORG)).remaining == 999


async def test_through_redis_an_older_answer_arriving_late_does_not_raise_the_budget(
    redis_limiters: list[RedisLimiter],
) -> None:
    first, second = redis_limiters
    first.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=5, reset=600))
    first.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=7, reset=600))
    assert (await first.budget(ORG)).remaining == 5
    second.observe_budget(ORG, BudgetHeaders(limit=1000, remaining=9, reset=600))
    assert (await second.budget(ORG)).remaining == 5  # what another process saw counts too


def _count_readings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count how often any module parses budget headers."""
    from zbooks_async.limits import memory, redis_limiter
    from zbooks_async.pipeline import ratelimit

    readings: list[int] = []

    def counted(headers: object) -> BudgetHeaders | None:
        readings.append(1)
        return budget_headers(headers)  # type: ignore[arg-type]

    for module in (memory, redis_limiter, ratelimit):
        if hasattr(module, "budget_headers"):
            monkeypatch.setattr(module, "budget_headers", counted)
    return readings


async def test_with_plenty_left_the_headers_are_read_once_a_second_not_on_every_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readings = _count_readings(monkeypatch)
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    async with session(Zoho(limit=5000, remaining=4000, reset=30000), limiter) as books:
        for _ in range(50):
            await books.contacts.get("1")
        assert len(readings) == 1  # the first answer's, read when the second call was admitted
        assert (await limiter.budget(ORG)).remaining == 4000 - 49  # admissions counted down
        clocks.advance(1.0)
        for _ in range(20):
            await books.contacts.get("1")
    assert len(readings) == 3  # budget() read the 50th answer's; then one more after a second


async def test_with_few_left_every_answer_is_read_and_a_spent_budget_stops_the_next_call() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    zoho = Zoho(limit=5000, remaining=90, reset=30000)
    async with session(zoho, limiter) as books:
        await books.contacts.get("1")
        zoho.remaining = 0  # other integrations spent the rest meanwhile
        await books.contacts.get("1")
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert len(zoho.sent) == 2


async def test_a_budget_spent_elsewhere_stops_calls_within_a_second_of_the_answer_saying_so() -> None:
    clocks = Clocks()
    limiter = InMemoryLimiter(RateLimit(), clock=clocks.monotonic, wall_clock=clocks.wall)
    zoho = Zoho(limit=5000, remaining=4000, reset=30000)
    async with session(zoho, limiter) as books:
        await books.contacts.get("1")
        await books.contacts.get("1")  # reads the first answer's headers: plenty left
        zoho.remaining = 0
        await books.contacts.get("1")  # answered "nothing left"
        clocks.advance(1.0)
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert len(zoho.sent) == 3


# The Redis limiter reads the headers it is given as the in-memory one does (issue 24). Its
# clock is the real one: READ_EVERY is set to an hour (nothing falls due during the test) or
# to 0 (a reading falls due at once) instead of moving a clock.


async def test_through_redis_with_plenty_left_one_reading_serves_many_answers(
    redis_limiters: list[RedisLimiter], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zbooks_async.limits import redis_limiter

    monkeypatch.setattr(redis_limiter, "READ_EVERY", 3600.0)
    readings = _count_readings(monkeypatch)
    limiter = redis_limiters[0]
    async with session(Zoho(limit=5000, remaining=4000, reset=30000), limiter) as books:
        for _ in range(50):
            await books.contacts.get("1")
        assert len(readings) == 1  # the first answer's: nothing was known yet
        # Redis counted the budget down with each of the 49 admissions after that reading;
        # budget() reads the newest answer (4000 again) first, which cannot raise it.
        assert (await limiter.budget(ORG)).remaining == 4000 - 49
    assert len(readings) == 2


async def test_through_redis_with_few_left_every_answer_is_read_and_a_spent_budget_stops_the_next_call(
    redis_limiters: list[RedisLimiter], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zbooks_async.limits import redis_limiter

    monkeypatch.setattr(redis_limiter, "READ_EVERY", 3600.0)
    zoho = Zoho(limit=5000, remaining=90, reset=30000)
    async with session(zoho, redis_limiters[0]) as books:
        await books.contacts.get("1")
        zoho.remaining = 0  # other integrations spent the rest meanwhile
        await books.contacts.get("1")
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert len(zoho.sent) == 2


async def test_through_redis_an_answer_kept_unread_is_read_by_the_first_admission_after_it_falls_due(
    redis_limiters: list[RedisLimiter], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zbooks_async.limits import redis_limiter

    monkeypatch.setattr(redis_limiter, "READ_EVERY", 3600.0)
    zoho = Zoho(limit=5000, remaining=4000, reset=30000)
    async with session(zoho, redis_limiters[0]) as books:
        await books.contacts.get("1")  # read at once: plenty left
        zoho.remaining = 0
        await books.contacts.get("1")  # answered "nothing left": kept, not read yet
        await books.contacts.get("1")  # admitted: that reading is not due
        monkeypatch.setattr(redis_limiter, "READ_EVERY", 0.0)  # as if a second had passed
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert len(zoho.sent) == 3


async def test_through_redis_the_newest_unread_budget_reaches_the_other_processes_on_close(
    redis_limiters: list[RedisLimiter], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zbooks_async.limits import redis_limiter

    monkeypatch.setattr(redis_limiter, "READ_EVERY", 3600.0)
    first, second = redis_limiters
    zoho = Zoho(limit=5000, remaining=4000, reset=30000)
    async with session(zoho, first) as books:
        await books.contacts.get("1")
        zoho.remaining = 7
        await books.contacts.get("1")  # kept unread
    # Closing the session closed ``first``, which read and sent the newest answer.
    assert (await second.budget(ORG)).remaining == 7
