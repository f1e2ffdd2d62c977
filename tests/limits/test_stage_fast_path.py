"""The rate-limit stage's fast path: an uncontended call takes and gives back its slot inline."""

from __future__ import annotations

import asyncio
import json

import pytest

from zbooks_async import DailyLimitExceeded, RetryPolicy, ZohoBooks
from zbooks_async.limits import InMemoryLimiter, RateLimit
from zbooks_async.pipeline.ratelimit import NO_ORGANIZATION, RateLimitStage
from zbooks_async.pipeline.values import Request, Response

ORG = "10234695"
CONTACT = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}
#: Zoho's budget headers stating a spent day that renews in an hour.
DAY_SPENT = {"X-Rate-Limit-Limit": "1000", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "3600"}


class Held:
    """A transport that answers once ``release`` is set."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.release = asyncio.Event()
        self.arrived = asyncio.Event()
        self.sent = 0
        self.headers = {"Content-Type": "application/json", **(headers or {})}

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.sent += 1
        self.arrived.set()
        await self.release.wait()
        body = json.dumps({"code": 0, "message": "success", "contact": CONTACT}).encode()
        return Response(status=200, headers=self.headers, body=body)

    async def close(self) -> None:
        pass


def session(transport: Held, limiter: InMemoryLimiter) -> ZohoBooks:
    return ZohoBooks(
        organization_id=ORG, access_token="t", transport=transport, limiter=limiter,
        retry=RetryPolicy(max_retries=0),
    )


async def test_an_uncontended_call_takes_its_slot_without_the_context_manager(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limiter = InMemoryLimiter(RateLimit())

    def no_context_manager(*args: object, **kwargs: object) -> object:
        raise AssertionError("slot() called on the fast path")

    monkeypatch.setattr(limiter, "slot", no_context_manager)
    transport = Held()
    transport.release.set()
    async with session(transport, limiter) as books:
        await books.contacts.get("1")
        assert limiter._state(ORG).in_flight == 0
        assert len(limiter._state(ORG).done) == 1  # counted in the window


async def test_a_call_cancelled_on_the_fast_path_gives_its_slot_back() -> None:
    limiter = InMemoryLimiter(RateLimit())
    transport = Held()
    async with session(transport, limiter) as books:
        call = asyncio.ensure_future(books.contacts.get("1"))
        await transport.arrived.wait()
        assert limiter._state(ORG).in_flight == 1
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert limiter._state(ORG).in_flight == 0



async def test_a_fast_path_answer_gives_back_its_slot_and_hands_over_its_budget_in_one_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limiter = InMemoryLimiter(RateLimit())

    def not_on_the_fast_path(*args: object, **kwargs: object) -> object:
        raise AssertionError("called on the fast path: answered_now does both")

    monkeypatch.setattr(limiter, "give_back_now", not_on_the_fast_path)
    monkeypatch.setattr(limiter, "observe_headers", not_on_the_fast_path)
    transport = Held(DAY_SPENT)
    transport.release.set()
    async with session(transport, limiter) as books:
        await books.contacts.get("1")
        assert limiter._state(ORG).in_flight == 0
        assert len(limiter._state(ORG).done) == 1
        assert (await books.limits()).remaining == 0  # the answer's headers were kept
        with pytest.raises(DailyLimitExceeded):
            await books.contacts.get("1")
    assert transport.sent == 1  # the spent budget stopped the second call before it was sent


async def test_a_slot_given_back_on_the_fast_path_wakes_the_caller_queued_behind_it() -> None:
    limiter = InMemoryLimiter(RateLimit(concurrency=1))
    transport = Held()
    async with session(transport, limiter) as books:
        first = asyncio.ensure_future(books.contacts.get("1"))
        await transport.arrived.wait()  # the first holds the only slot, taken on the fast path
        second = asyncio.ensure_future(books.contacts.get("1"))
        for _ in range(100):  # a few turns of the loop, until the second is queued for the slot
            if limiter._state(ORG).queue.waiting:
                break
            await asyncio.sleep(0)
        assert limiter._state(ORG).queue.waiting == 1
        transport.release.set()
        # Without the wake-up the second call would wait for ever: bound it, never race it.
        await asyncio.wait_for(asyncio.gather(first, second), timeout=30)
        assert transport.sent == 2
        assert limiter._state(ORG).in_flight == 0


async def test_an_answer_without_an_organization_follows_no_budget() -> None:
    limiter = InMemoryLimiter(RateLimit())
    stage = RateLimitStage(limiter)
    answer = Response(status=200, headers=DAY_SPENT, body=b"{}")

    async def transport(request: Request) -> Response:
        return answer

    request = Request("GET", "https://www.zohoapis.com/books/v3", "/organizations")
    assert await stage(request, transport) is answer
    state = limiter._state(NO_ORGANIZATION)
    assert state.in_flight == 0 and len(state.done) == 1
    assert (await limiter.budget(NO_ORGANIZATION)).remaining is None  # GET /organizations: no budget
