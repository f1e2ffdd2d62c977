"""When the token is read, how accounts-server failures are typed, and Zoho's cap on minting."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from zbooks_async import (
    AuthenticationError,
    DeadlineExceeded,
    MissingScopeError,
    RateLimit,
    RequestOptions,
    RetryPolicy,
    TokenUnavailable,
    TransportError,
    ZohoBooks,
)
from zbooks_async.auth import MemoryTokenStore, RedisTokenStore, RefreshTokenSource
from zbooks_async.pipeline import retry as retry_module
from zbooks_async.pipeline.values import Request, Response

from .fakes import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN

ORG = "10234695"
JSON = {"Content-Type": "application/json"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def json_answer(status: int, data: dict[str, Any]) -> Response:
    return Response(status=status, headers=JSON, body=json.dumps(data).encode())


class Zoho:
    """One fake transport for the accounts server and the Books API, on a fake clock.

    Mints ``tok-1``, ``tok-2``... valid for an hour, or plays ``mint_answers`` first. Every API
    call moves the clock ``per_call`` seconds on (time spent queueing behind the limiter) and
    counts those sent with a token that had expired by then (401 code 57 for them).
    """

    def __init__(self, clock: Clock, *, per_call: float = 0.0) -> None:
        self.clock = clock
        self.per_call = per_call
        self.expiry: dict[str, float] = {}
        self.mint_answers: list[Response | Exception] = []
        self.mint_requests = 0
        self.refused: set[str] = set()
        self.stale = 0
        self.calls = 0

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        if request.path == "/oauth/v2/token":
            self.mint_requests += 1
            if self.mint_answers:
                answer = self.mint_answers.pop(0)
                if isinstance(answer, Exception):
                    raise answer
                return answer
            token = f"tok-{len(self.expiry) + 1}"
            self.expiry[token] = self.clock.now + 3600
            return json_answer(
                200,
                {"access_token": token, "expires_in": 3600, "api_domain": "https://www.zohoapis.com"},
            )
        self.calls += 1
        self.clock.now += self.per_call
        await asyncio.sleep(0)
        token = dict(request.headers)["Authorization"].removeprefix("Zoho-oauthtoken ")
        if self.expiry.get(token, 0) <= self.clock.now or token in self.refused:
            self.stale += token not in self.refused
            refusal = {"code": 57, "message": "You are not authorized to perform this operation"}
            return json_answer(401, refusal)
        contact = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}
        return json_answer(200, {"code": 0, "message": "success", "contact": contact})

    async def close(self) -> None:
        return None


def source(zoho: Zoho, clock: Clock, **overrides: Any) -> RefreshTokenSource:
    settings: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "transport": zoho,
        "store": MemoryTokenStore(clock=clock),
        "clock": clock,
    }
    settings.update(overrides)
    return RefreshTokenSource(**settings)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def waits_move_the_clock(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> list[float]:
    """The retry loop's pauses pass on the fake clock, at once."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds

    monkeypatch.setattr(retry_module.asyncio, "sleep", sleep)
    return waits


async def test_500_queued_calls_never_send_a_token_known_to_be_stale(clock: Clock) -> None:
    # One call at a time, each taking 30 s of the fake clock: the token expires four times
    # while the calls wait in the limiter's queue.
    zoho = Zoho(clock, per_call=30.0)
    limit = RateLimit(requests=100_000, period=60.0, concurrency=1)
    async with ZohoBooks(
        organization_id=ORG, token_source=source(zoho, clock), transport=zoho, rate_limit=limit
    ) as books:
        contacts = await asyncio.gather(*(books.contacts.get("1") for _ in range(500)))
    assert len(contacts) == 500
    assert zoho.stale == 0
    assert zoho.calls == 500
    assert 4 <= len(zoho.expiry) <= 6  # one mint per hour of fake time


@pytest.mark.parametrize(
    "failure",
    [
        Response(status=500, headers={"Content-Type": "text/html"}, body=b"<title>oops</title>"),
        TransportError("no answer within 10 s", may_have_reached_server=True),
    ],
    ids=["html-500", "timeout"],
)
async def test_a_transient_accounts_failure_after_a_401_is_retried_not_taken_for_rejected_credentials(
    clock: Clock, waits_move_the_clock: list[float], failure: Response | Exception
) -> None:
    zoho = Zoho(clock)
    async with ZohoBooks(
        organization_id=ORG, token_source=source(zoho, clock), transport=zoho, rate_limit=None
    ) as books:
        await books.contacts.get("1")
        zoho.refused.add("tok-1")  # Zoho now refuses it as expired
        zoho.mint_answers.append(failure)
        contact = await books.contacts.get("1")
    assert contact.contact_id == "1"
    assert zoho.mint_requests == 3  # tok-1, the failure, tok-2
    assert sum(waits_move_the_clock) == pytest.approx(1.0)  # the source's first pause after a failure


async def test_too_many_mints_after_a_401_fail_the_call_as_transient_with_the_wait(
    clock: Clock, waits_move_the_clock: list[float]
) -> None:
    zoho = Zoho(clock)
    async with ZohoBooks(
        organization_id=ORG, token_source=source(zoho, clock), transport=zoho, rate_limit=None
    ) as books:
        await books.contacts.get("1")
        zoho.refused.add("tok-1")
        zoho.mint_answers.append(
            json_answer(200, {"error": "Access Denied", "error_description": "too many requests"})
        )
        with pytest.raises(TokenUnavailable) as raised:
            await books.contacts.get("1")
    assert not isinstance(raised.value, AuthenticationError)
    assert raised.value.retry_after == 60.0  # longer than max_delay: not slept
    assert zoho.mint_requests == 2


async def test_without_retries_a_transient_accounts_failure_is_token_unavailable(clock: Clock) -> None:
    zoho = Zoho(clock)
    zoho.mint_answers.append(
        Response(status=500, headers={"Content-Type": "text/html"}, body=b"<title>oops</title>")
    )
    async with ZohoBooks(
        organization_id=ORG,
        token_source=source(zoho, clock),
        transport=zoho,
        rate_limit=None,
        retry=RetryPolicy(max_retries=0),
    ) as books:
        with pytest.raises(TokenUnavailable) as raised:
            await books.contacts.get("1")
    assert isinstance(raised.value, TransportError)
    assert not isinstance(raised.value, AuthenticationError)
    assert not raised.value.may_have_reached_server
    assert zoho.calls == 0


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            json_answer(200, {"error": "Access Denied", "error_description": "too many requests"}),
            TokenUnavailable,
        ),
        (json_answer(200, {"error": "invalid_code"}), AuthenticationError),
        (json_answer(200, {"error": "invalid_client"}), AuthenticationError),
    ],
)
async def test_minting_errors_sent_with_http_200_are_typed(
    clock: Clock, answer: Response, error: type[Exception]
) -> None:
    zoho = Zoho(clock)
    zoho.mint_answers.append(answer)
    tokens = source(zoho, clock)
    with pytest.raises(error) as raised:
        await tokens.access_token()
    if error is TokenUnavailable:
        assert raised.value.retry_after == 60.0  # type: ignore[attr-defined]
        assert not isinstance(raised.value, AuthenticationError)


async def test_minting_stops_at_zohos_cap_of_ten_tokens_per_ten_minutes(clock: Clock) -> None:
    zoho = Zoho(clock)
    tokens = source(zoho, clock, max_replacements=100)
    for _ in range(10):
        assert await tokens.invalidate(await tokens.access_token())
    clock.now += 300
    with pytest.raises(TokenUnavailable) as raised:
        await tokens.access_token()
    assert raised.value.retry_after == pytest.approx(300.0)
    assert "10 access tokens" in str(raised.value)
    assert zoho.mint_requests == 10  # the eleventh was not asked for
    clock.now += 301
    assert await tokens.access_token() == "tok-11"


@pytest.fixture
async def redis_clients(redis_url: str) -> AsyncIterator[list[aioredis.Redis]]:
    clients = [aioredis.Redis.from_url(redis_url) for _ in range(2)]
    yield clients
    for client in clients:
        await client.aclose()


async def test_the_cap_holds_across_processes_sharing_a_redis_token_store(
    clock: Clock, redis_clients: list[aioredis.Redis]
) -> None:
    zoho = Zoho(clock)
    # Two "processes": separate stores over separate Redis connections, one refresh token.
    sources = [
        source(zoho, clock, store=RedisTokenStore(client), max_replacements=100)
        for client in redis_clients
    ]
    refused = 0
    for turn in range(16):
        tokens = sources[turn % 2]
        try:
            token = await tokens.access_token()
        except TokenUnavailable:
            refused += 1
            continue
        await tokens.invalidate(token)
    assert zoho.mint_requests == 10
    assert refused == 6
    for tokens in sources:
        await tokens.close()


async def test_401_code_14_without_a_token_is_an_authentication_error(clock: Clock) -> None:
    class NoHeader(Zoho):
        async def send(self, request: Request, *, timeout: float | None) -> Response:
            if request.path == "/oauth/v2/token":
                return await super().send(request, timeout=timeout)
            self.calls += 1
            return json_answer(401, {"code": 14, "message": "Invalid value passed for authtoken"})

    zoho = NoHeader(clock)
    async with ZohoBooks(
        organization_id=ORG, token_source=source(zoho, clock), transport=zoho, rate_limit=None
    ) as books:
        with pytest.raises(AuthenticationError) as raised:
            await books.contacts.get("1")
    assert raised.value.code == 14
    assert not isinstance(raised.value, MissingScopeError)


async def test_a_mint_that_outlasts_the_deadline_ends_the_call_with_nothing_sent(clock: Clock) -> None:
    class SlowAccounts(Zoho):
        async def send(self, request: Request, *, timeout: float | None) -> Response:
            if request.path == "/oauth/v2/token":
                await asyncio.Event().wait()  # never answers; close() cancels it
            return await super().send(request, timeout=timeout)

    zoho = SlowAccounts(clock)
    async with ZohoBooks(
        organization_id=ORG, token_source=source(zoho, clock), transport=zoho, rate_limit=None
    ) as books:
        with pytest.raises(DeadlineExceeded) as raised:
            await books.contacts.get("1", options=RequestOptions(deadline=0.05))
    assert not raised.value.may_have_reached_server
    assert zoho.calls == 0
