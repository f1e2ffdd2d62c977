"""The rate-limit stage's fast path: an uncontended call takes and gives back its slot inline."""

from __future__ import annotations

import asyncio
import json

import pytest

from zbooks_async import RetryPolicy, ZohoBooks
from zbooks_async.limits import InMemoryLimiter, RateLimit
from zbooks_async.pipeline.values import Request, Response

ORG = "10234695"
CONTACT = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}


class Held:
    """A transport that answers once ``release`` is set."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.arrived = asyncio.Event()

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.arrived.set()
        await self.release.wait()
        body = json.dumps({"code": 0, "message": "success", "contact": CONTACT}).encode()
        return Response(status=200, headers={"Content-Type": "application/json"}, body=body)

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

