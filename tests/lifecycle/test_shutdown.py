"""Closing the session fails the calls in flight with ClientClosedError, and every later call too."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis

from tests.lifecycle.lifecycle_support import (
    FAST_ID,
    HANG_ID,
    ORGANIZATION_ID,
    TOKEN,
    BlockingTransport,
    HoldingServer,
)
from zbooks_async import ClientClosedError, RateLimit, RetryPolicy, ZohoBooks
from zbooks_async.pipeline.values import Request, Response
from zbooks_async.transport import AiohttpTransport


class RetryLater:
    """Answers 500 with ``Retry-After: 30`` so the retry stage sleeps before trying again."""

    def __init__(self) -> None:
        self.answered = asyncio.Event()

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.answered.set()
        return Response(
            status=500,
            headers={"Content-Type": "application/json", "Retry-After": "30"},
            body=b'{"code":1000,"message":"Internal error"}',
        )

    async def close(self) -> None:
        return None


async def outcomes(tasks: list[asyncio.Task[object]]) -> list[BaseException | object]:
    async with asyncio.timeout(5):
        return await asyncio.gather(*tasks, return_exceptions=True)


async def test_closing_fails_calls_in_flight_over_aiohttp_with_client_closed_error(
    server: tuple[HoldingServer, str],
) -> None:
    holding, root = server
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=root)
    calls: list[asyncio.Task[object]] = [asyncio.create_task(books.contacts.get(HANG_ID)) for _ in range(3)]
    await holding.holding(3)
    await books.close()
    results = await outcomes(calls)
    assert all(isinstance(result, ClientClosedError) for result in results), results
    assert "closed while this call was waiting or in flight" in str(results[0])


async def test_closing_fails_calls_waiting_for_a_limiter_slot() -> None:
    transport = BlockingTransport()
    books = ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        transport=transport,
        rate_limit=RateLimit(concurrency=1),
    )
    calls: list[asyncio.Task[object]] = [asyncio.create_task(books.contacts.get(FAST_ID)) for _ in range(3)]
    await transport.sending(1)
    await books.close()
    results = await outcomes(calls)
    assert all(isinstance(result, ClientClosedError) for result in results), results
    assert transport.started == 1 and transport.closed


async def test_closing_fails_a_call_that_waits_to_retry_without_waiting_for_it() -> None:
    transport = RetryLater()
    books = ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        transport=transport,
        rate_limit=None,
        retry=RetryPolicy(max_retries=3, base_delay=30.0, max_delay=30.0),
    )
    call = asyncio.create_task(books.contacts.get(FAST_ID))
    await transport.answered.wait()
    await books.close()
    (result,) = await outcomes([call])
    assert isinstance(result, ClientClosedError)


async def test_a_caller_cancellation_during_close_stays_a_cancellation() -> None:
    transport = BlockingTransport()
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, transport=transport)
    call = asyncio.create_task(books.contacts.get(FAST_ID))
    await transport.sending(1)
    call.cancel()
    await books.close()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_leaving_async_with_fails_the_calls_still_running() -> None:
    transport = BlockingTransport()
    async with ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, transport=transport) as books:
        call = asyncio.create_task(books.contacts.get(FAST_ID))
        await transport.sending(1)
    (result,) = await outcomes([call])
    assert isinstance(result, ClientClosedError)


async def test_every_call_after_close_raises_client_closed_error() -> None:
    transport = AiohttpTransport()
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, transport=transport)
    await books.close()
    view = books.with_organization("20000000")
    with pytest.raises(ClientClosedError):
        await books.contacts.get(FAST_ID)
    with pytest.raises(ClientClosedError):
        await view.contacts.create(contact_name="Bowman")
    with pytest.raises(ClientClosedError):
        await books.contacts.list().collect()
    assert books.closed and view.closed
    assert transport._session is None  # no new aiohttp session was opened after close


async def test_closing_twice_is_safe_and_a_closed_view_is_closed() -> None:
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN)
    await books.close()
    await books.close()
    assert books.with_organization("20000000").closed


async def test_closing_gives_the_shared_limiter_slots_of_cancelled_calls_back(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Other processes share these slots: a call that close() cancelled must not keep its slot
    # until the lease runs out, even when the session closes the Redis client it opened.
    transport = BlockingTransport()
    books = ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        transport=transport,
        redis_url=redis_url,
        rate_limit=RateLimit(concurrency=3),
    )
    calls: list[asyncio.Task[object]] = [asyncio.create_task(books.contacts.get(FAST_ID)) for _ in range(3)]
    await transport.sending(3)
    await books.close()
    results = await outcomes(calls)
    assert all(isinstance(result, ClientClosedError) for result in results), results
    async with aioredis.Redis.from_url(redis_url) as client:
        in_flight = await client.zcard(f"zbooks:limits:{{{ORGANIZATION_ID}}}:in-flight")
    assert in_flight == 0
    assert not [record for record in caplog.records if "slot back" in record.getMessage()]
