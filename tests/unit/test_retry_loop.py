"""The one retry loop: handlers users can add, guarantees no handler can break, bounded waits."""

from __future__ import annotations

import math
import random
import time
from collections.abc import AsyncIterator, Callable

import pytest

from zbooks_async import DEFAULT_RETRY_HANDLERS, ApiError, Failure, RetryPolicy
from zbooks_async.errors import (
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationError,
)
from zbooks_async.limits import InMemoryLimiter, RateLimit
from zbooks_async.limits.base import IN_FLIGHT_PAUSE_CAP, OTHER_PAUSE_CAP, ZOHO_WINDOW, pause_bound
from zbooks_async.pipeline import (
    DecodeStage,
    FilePart,
    MultipartBody,
    RateLimitStage,
    Request,
    RequestOptions,
    Response,
    RetryStage,
    compose,
)
from zbooks_async.pipeline import retry as retry_module

OK = Response(status=200, headers={"Content-Type": "application/json"}, body=b'{"code":0,"message":"ok"}')
MAINTENANCE = Response(
    status=400, headers={"Content-Type": "application/json"}, body=b'{"code":9999,"message":"maintenance"}'
)


def answer(status: int, code: int | None, retry_after: str | None = None) -> Response:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    body = b'{"message":"x"}' if code is None else b'{"code":%d,"message":"x"}' % code
    return Response(status=status, headers=headers, body=body)


def make_request(method: str = "GET", **kwargs: object) -> Request:
    return Request(
        method=method,
        base_url="https://www.zohoapis.com/books/v3",
        path="/contacts/1",
        query=(("organization_id", "1"),),
        **kwargs,  # type: ignore[arg-type]
    )


class Script:
    """A ``call_next`` that plays a list of outcomes and counts the attempts."""

    def __init__(self, *outcomes: Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.attempts = 0

    async def __call__(self, request: Request) -> Response:
        self.attempts += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the retry loop asks for, without waiting."""
    waits: list[float] = []

    async def recorded(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(retry_module.asyncio, "sleep", recorded)
    return waits


class RetryMaintenance:
    """A user's handler: Zoho's (made-up) code 9999 means "try again in 2 s"."""

    counts_as_retry = True

    def __init__(self) -> None:
        self.seen: list[Failure] = []

    def can_retry(self, failure: Failure) -> bool:
        self.seen.append(failure)
        return isinstance(failure.error, ApiError) and failure.error.code == 9999

    def delay(self, failure: Failure) -> float | None:
        return 2.0


class RetryEverything:
    """A careless handler that says yes to every failure."""

    counts_as_retry = True

    def can_retry(self, failure: Failure) -> bool:
        return True

    def delay(self, failure: Failure) -> float | None:
        return 0.0


def seeded_jitter(seed: int = 7) -> Callable[[float], float]:
    """Full jitter, as backoff.full_jitter, from a seeded generator of its own."""
    rng = random.Random(seed)
    return lambda ceiling: rng.uniform(0.0, ceiling)


def loop(policy: RetryPolicy, script: Script) -> object:
    return compose([RetryStage(policy, jitter=seeded_jitter()), DecodeStage()], script)


async def test_a_users_handler_retries_what_it_recognises(sleeps: list[float]) -> None:
    handler = RetryMaintenance()
    script = Script(MAINTENANCE, MAINTENANCE, OK)
    policy = RetryPolicy(handlers=(*DEFAULT_RETRY_HANDLERS, handler))
    response = await loop(policy, script)(make_request())  # type: ignore[operator]
    assert response.data == {"code": 0, "message": "ok"}
    assert script.attempts == 3
    assert sleeps == [2.0, 2.0]
    assert [failure.attempt for failure in handler.seen] == [1, 2]
    assert isinstance(handler.seen[1].earlier[0], ValidationError)


async def test_without_the_users_handler_the_same_answer_is_final(sleeps: list[float]) -> None:
    script = Script(MAINTENANCE, OK)
    with pytest.raises(ValidationError):
        await loop(RetryPolicy(), script)(make_request())  # type: ignore[operator]
    assert script.attempts == 1


async def test_the_per_call_max_retries_bounds_a_users_handler_too(sleeps: list[float]) -> None:
    script = Script(MAINTENANCE, MAINTENANCE, MAINTENANCE, OK)
    policy = RetryPolicy(handlers=(RetryMaintenance(),))
    with pytest.raises(ValidationError):
        await loop(policy, script)(make_request(options=RequestOptions(max_retries=1)))  # type: ignore[operator]
    assert script.attempts == 2


async def test_no_handler_can_replay_a_post_whose_answer_was_lost(sleeps: list[float]) -> None:
    lost = TransportError("reset", may_have_reached_server=True)
    script = Script(lost, OK)
    with pytest.raises(OutcomeUnknownError) as raised:
        await loop(RetryPolicy(handlers=(RetryEverything(),)), script)(make_request("POST"))  # type: ignore[operator]
    assert raised.value.__cause__ is lost
    assert script.attempts == 1


async def test_no_handler_can_resend_a_streamed_body(sleeps: list[float]) -> None:
    async def stream() -> AsyncIterator[bytes]:
        yield b"%PDF"

    body = MultipartBody(files=(FilePart("attachment", stream(), "w9.pdf"),))
    script = Script(answer(429, 1070), OK)
    with pytest.raises(RateLimitError):
        await loop(RetryPolicy(handlers=(RetryEverything(),)), script)(make_request("PUT", body=body))  # type: ignore[operator]
    assert script.attempts == 1


async def test_the_backoff_is_jittered_and_capped(sleeps: list[float]) -> None:
    failures = [answer(500, 1000) for _ in range(6)]
    policy = RetryPolicy(max_retries=5, base_delay=1.0, max_delay=3.0)
    with pytest.raises(ServerError):
        await loop(policy, Script(*failures))(make_request())  # type: ignore[operator]
    ceilings = [1.0, 2.0, 3.0, 3.0, 3.0]
    assert len(sleeps) == 5
    assert all(0 <= wait <= ceiling for wait, ceiling in zip(sleeps, ceilings, strict=True))
    assert len(set(sleeps)) == 5  # jittered: no two alike


@pytest.mark.parametrize(
    ("keywords", "error"),
    [
        ({"max_retries": 2.5}, TypeError),
        ({"max_retries": True}, TypeError),
        ({"max_retries": -1}, ValueError),
        ({"base_delay": math.nan}, ValueError),
        ({"max_delay": math.inf}, ValueError),
        ({"max_delay": -1.0}, ValueError),
        ({"base_delay": "1"}, TypeError),
        ({"handlers": (object(),)}, TypeError),
    ],
)
def test_retry_policy_refuses_values_that_cannot_work(
    keywords: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        RetryPolicy(**keywords)  # type: ignore[arg-type]


# Bounded waits: a Retry-After longer than the limit can mean fails the call with the wait
# attached, instead of sleeping (one attempt, no sleep).


@pytest.mark.parametrize(
    ("status", "code", "header", "error"),
    [
        (429, 44, "86400", RateLimitError),
        (429, 44, "Fri, 31 Dec 2099 23:59:59 GMT", RateLimitError),
        (429, 1070, "30", RateLimitError),
        (429, 1070, "7", RateLimitError),  # the limiter would pause the organization 5 s only
        (429, None, "30", RateLimitError),  # no code (a proxy's): a few seconds at most
        (503, 1000, "86400", ServerError),
        (500, 1000, "31", ServerError),  # just over RetryPolicy.max_delay (30)
    ],
)
async def test_a_wait_longer_than_the_limit_can_mean_fails_with_the_wait_attached(
    sleeps: list[float], status: int, code: int | None, header: str, error: type[ApiError]
) -> None:
    script = Script(answer(status, code, header), OK)
    with pytest.raises(error) as raised:
        await loop(RetryPolicy(), script)(make_request())  # type: ignore[operator]
    assert raised.value.retry_after is not None and raised.value.retry_after > pause_bound(code)
    assert script.attempts == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("status", "code", "header"),
    [(429, 44, "59"), (429, 1070, str(IN_FLIGHT_PAUSE_CAP)), (503, 1000, "30")],
)
async def test_a_wait_within_the_bound_is_slept(
    sleeps: list[float], status: int, code: int, header: str
) -> None:
    script = Script(answer(status, code, header), OK)
    await loop(RetryPolicy(), script)(make_request())  # type: ignore[operator]
    assert sleeps == [float(header)]
    assert script.attempts == 2


async def test_a_wait_longer_than_the_deadline_leaves_is_not_slept(sleeps: list[float]) -> None:
    script = Script(answer(503, 1000, "5"), OK)
    request = make_request(options=RequestOptions(deadline=2.0), deadline_at=time.monotonic() + 2)
    with pytest.raises(ServerError) as raised:
        await loop(RetryPolicy(), script)(request)  # type: ignore[operator]
    assert raised.value.retry_after == 5.0
    assert sleeps == []


class RecordingLimiter(InMemoryLimiter):
    """An in-memory limiter that records the pauses it is asked for."""

    def __init__(self) -> None:
        super().__init__(RateLimit(), clock=lambda: 0.0)
        self.pauses: list[float | None] = []

    async def throttled(self, organization_id: str, code: int | None, retry_after: float | None) -> None:
        self.pauses.append(retry_after)
        await super().throttled(organization_id, code, retry_after)


@pytest.mark.parametrize(
    ("code", "header", "bound"),
    [
        (44, "86400", ZOHO_WINDOW),
        (44, "Fri, 31 Dec 2099 23:59:59 GMT", ZOHO_WINDOW),
        (1070, "86400", IN_FLIGHT_PAUSE_CAP),
        (None, "86400", OTHER_PAUSE_CAP),
    ],
)
async def test_a_long_retry_after_pauses_the_organization_by_the_one_bound_only(
    sleeps: list[float], code: int | None, header: str, bound: float
) -> None:
    limiter = RecordingLimiter()
    body = b'{"message":"x"}' if code is None else b'{"code":%d,"message":"x"}' % code
    throttled = Response(
        status=429, headers={"Content-Type": "application/json", "Retry-After": header}, body=body
    )
    handler = compose([RetryStage(RetryPolicy()), RateLimitStage(limiter), DecodeStage()], Script(throttled))
    with pytest.raises(RateLimitError):
        await handler(make_request())
    assert pause_bound(code) == bound  # Zoho's minute for 44, seconds otherwise
    [sent] = limiter.pauses
    assert sent is not None and sent > bound  # Zoho's Retry-After as it came, not bounded here
    # bounded once, by the limiter, over its own window (Zoho's minute and its margin)
    assert limiter._state("1").paused_until == pause_bound(code, RateLimit().window)


def test_the_waits_come_from_backoffs_generators_with_full_jitter() -> None:
    import itertools

    import backoff

    assert list(itertools.islice(RetryPolicy(base_delay=1.0, max_delay=3.0).waits(), 5)) == [
        1.0, 2.0, 3.0, 3.0, 3.0
    ]
    assert list(itertools.islice(RetryPolicy().waits(), 8)) == [0.5, 1, 2, 4, 8, 16, 30.0, 30.0]
    assert RetryStage(RetryPolicy())._jitter is backoff.full_jitter
