"""Deadlines bound a whole call: the limiter's wait, every attempt and the pauses between them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from zbooks_async import (
    DeadlineExceeded,
    OutcomeUnknownError,
    RateLimitError,
    RateLimitWaitTooLong,
    RequestOptions,
    RetryPolicy,
    ServerError,
    TransportError,
    ZohoBooks,
)
from zbooks_async.durations import seconds_text
from zbooks_async.limits import InMemoryLimiter, RateLimit
from zbooks_async.limits import queue as queue_module
from zbooks_async.pipeline.values import Request, Response
from zbooks_async.transport import InProcessTransport

ORG = "10234695"
CONTACT = (
    b'{"code":0,"message":"success","contact":'
    b'{"contact_id":"1","contact_name":"A","contact_type":"customer","status":"active"}}'
)


class Recording:
    """A transport that records each request with its timeout and plays ``answers``.

    An answer ``"hang"`` waits out the attempt's timeout, then fails as a lost answer would.
    """

    def __init__(self, *answers: Response | str) -> None:
        self.answers = list(answers)
        self.sent: list[tuple[Request, float | None]] = []

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.sent.append((request, timeout))
        answer = self.answers.pop(0) if self.answers else Response(
            status=200, headers={"Content-Type": "application/json"}, body=CONTACT
        )
        if answer == "hang":
            await asyncio.sleep(timeout or 0)
            raise TransportError(
                f"no answer within {timeout} s", may_have_reached_server=True, method=request.method
            )
        assert isinstance(answer, Response)
        return answer

    async def close(self) -> None:
        return None


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def no_limiter_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any sleep in the limiter fails the test: the refusal must come before it."""

    async def forbidden(seconds: float) -> None:
        raise AssertionError(f"the limiter slept {seconds} s")

    monkeypatch.setattr(queue_module.asyncio, "sleep", forbidden)


@pytest.fixture
async def full_minute() -> AsyncIterator[tuple[ZohoBooks, Recording]]:
    """A session whose limiter allows one request a minute, and that request already made."""
    transport = Recording()
    limiter = InMemoryLimiter(RateLimit(requests=1, period=60.0, margin=0.0), clock=Clock())
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, limiter=limiter
    ) as books:
        await books.contacts.get("1")
        yield books, transport


@pytest.mark.usefixtures("no_limiter_sleep")
async def test_a_deadline_shorter_than_the_limiters_wait_fails_at_once_with_nothing_sent(
    full_minute: tuple[ZohoBooks, Recording],
) -> None:
    books, transport = full_minute
    with pytest.raises(RateLimitWaitTooLong) as raised:
        await books.contacts.get("2", options=RequestOptions(deadline=2))
    assert raised.value.wait == 60.0
    assert raised.value.retry_after == 60.0
    assert "60.0 s" in str(raised.value) and "nothing was sent" in str(raised.value)
    assert raised.value.path == "/contacts/2"
    assert isinstance(raised.value, RateLimitError)
    assert len(transport.sent) == 1  # only the first call's


@pytest.mark.usefixtures("no_limiter_sleep")
async def test_wait_false_means_do_not_queue(full_minute: tuple[ZohoBooks, Recording]) -> None:
    books, transport = full_minute
    with pytest.raises(RateLimitWaitTooLong) as raised:
        await books.contacts.get("2", options=RequestOptions(wait=False))
    assert raised.value.wait == 60.0
    assert len(transport.sent) == 1


async def test_a_session_deadline_applies_to_every_call_and_a_call_can_override_it(
    no_limiter_sleep: None,
) -> None:
    transport = Recording()
    limiter = InMemoryLimiter(RateLimit(requests=1, period=60.0, margin=0.0), clock=Clock())
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, limiter=limiter, deadline=5
    ) as books:
        await books.contacts.get("1")
        with pytest.raises(RateLimitWaitTooLong):
            await books.contacts.get("2")
        with pytest.raises(RateLimitWaitTooLong):
            await books.contacts.get("2", options=RequestOptions(deadline=59))
        view = books.with_organization("20")  # a view keeps the session's deadline
        await view.contacts.get("1")
        with pytest.raises(RateLimitWaitTooLong):
            await view.contacts.get("2")
    assert len(transport.sent) == 2


async def test_wait_false_with_every_slot_in_flight_fails_at_once() -> None:
    release, sending = asyncio.Event(), asyncio.Event()

    class Holding(Recording):
        async def send(self, request: Request, *, timeout: float | None) -> Response:
            self.sent.append((request, timeout))
            sending.set()
            await release.wait()
            return Response(status=200, headers={"Content-Type": "application/json"}, body=CONTACT)

    transport = Holding()
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, rate_limit=RateLimit(concurrency=1)
    ) as books:
        first = asyncio.create_task(books.contacts.get("1"))
        await sending.wait()
        with pytest.raises(RateLimitWaitTooLong) as raised:
            await books.contacts.get("2", options=RequestOptions(wait=False))
        assert raised.value.wait is None  # nobody can know when the running call ends
        release.set()
        await first
    assert len(transport.sent) == 1


async def test_each_attempt_gets_at_most_the_time_left() -> None:
    transport = Recording()
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, rate_limit=None, timeout=30
    ) as books:
        await books.contacts.get("1", options=RequestOptions(deadline=2))
        await books.contacts.get("1")
    (_, bounded), (_, unbounded) = transport.sent
    assert bounded is not None and 0 < bounded <= 2
    assert unbounded == 30


async def test_a_write_whose_deadline_passes_after_it_was_sent_is_outcome_unknown() -> None:
    transport = Recording("hang")
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, rate_limit=None
    ) as books:
        with pytest.raises(OutcomeUnknownError):
            await books.contacts.update("1", contact_name="B", options=RequestOptions(deadline=0.05))
    assert len(transport.sent) == 1  # a PUT is idempotent, but the deadline leaves no retry


async def test_a_read_whose_deadline_passes_is_deadline_exceeded() -> None:
    transport = Recording("hang")
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, rate_limit=None
    ) as books:
        with pytest.raises(DeadlineExceeded) as raised:
            await books.contacts.get("1", options=RequestOptions(deadline=0.05))
    assert raised.value.may_have_reached_server
    assert len(transport.sent) == 1


async def test_a_back_off_longer_than_the_time_left_is_not_slept() -> None:
    unavailable = Response(
        status=503,
        headers={"Content-Type": "application/json", "Retry-After": "20"},
        body=b'{"code":1000,"message":"down"}',
    )
    transport = Recording(unavailable)
    async with ZohoBooks(
        organization_id=ORG, access_token="tok", transport=transport, rate_limit=None,
        retry=RetryPolicy(base_delay=0.0),
    ) as books:
        with pytest.raises(ServerError) as raised:
            await books.contacts.get("1", options=RequestOptions(deadline=10))
    assert raised.value.retry_after == 20.0
    assert len(transport.sent) == 1


@pytest.mark.parametrize(
    ("keywords", "error"),
    [({"deadline": 0}, ValueError), ({"deadline": float("nan")}, ValueError),
     ({"deadline": "2"}, TypeError), ({"wait": 0}, TypeError)],
)
def test_request_options_refuse_deadlines_that_cannot_work(
    keywords: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        RequestOptions(**keywords)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (1.9998701460000348, "2.0 s"),
        (2, "2.0 s"),
        (59.96, "60.0 s"),
        (0.05, "0.05 s"),
        (0.0123456, "0.012 s"),
    ],
)
def test_durations_in_messages_are_rounded(seconds: float, shown: str) -> None:
    assert seconds_text(seconds) == shown


@pytest.mark.parametrize("transport", ["aiohttp", "in-process"])
async def test_a_deadline_message_shows_rounded_seconds(transport: str) -> None:
    # The attempt's timeout is the time left (e.g. 0.2998701460000348 s): the messages round it.
    released = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await released.wait()
        return web.json_response({"code": 0})

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", hang)
    options = {"transport": InProcessTransport(app)} if transport == "in-process" else {}
    async with TestServer(app, host="127.0.0.1") as server, ZohoBooks(
        organization_id=ORG,
        access_token="tok",
        base_url=str(server.make_url("/books/v3")),
        rate_limit=None,
        **options,
    ) as books:
        with pytest.raises(DeadlineExceeded) as raised:
            await books.contacts.get("1", options=RequestOptions(deadline=0.3))
        released.set()
    message = str(raised.value)
    assert "the call's deadline of 0.3 s passed" in message
    assert re.search(r"no answer within \d\.\d s", message), message
    assert not re.search(r"\d\.\d{3,}", message), message
