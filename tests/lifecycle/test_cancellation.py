"""A cancelled call leaves nothing behind: no limiter slot, no connection, no pending task."""

from __future__ import annotations

import asyncio

import pytest

from tests.lifecycle.lifecycle_support import (
    FAST_ID,
    HANG_ID,
    ORGANIZATION_ID,
    TOKEN,
    BlockingTransport,
    HoldingServer,
)
from zbooks_async import RateLimit, ZohoBooks
from zbooks_async.transport import AiohttpTransport


def one_at_a_time(transport: object) -> ZohoBooks:
    return ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        transport=transport,  # type: ignore[arg-type]
        rate_limit=RateLimit(requests=1000, period=1.0, concurrency=1),
    )


async def test_a_call_cancelled_in_flight_frees_its_limiter_slot() -> None:
    transport = BlockingTransport()
    async with one_at_a_time(transport) as books:
        first = asyncio.create_task(books.contacts.get(FAST_ID))
        await transport.sending(1)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        transport.release()
        async with asyncio.timeout(5):
            contact = await books.contacts.get(FAST_ID)
    assert contact.contact_id == FAST_ID
    assert transport.started == 2


async def test_a_call_cancelled_while_waiting_for_a_slot_takes_none() -> None:
    transport = BlockingTransport()
    async with one_at_a_time(transport) as books:
        holder = asyncio.create_task(books.contacts.get(FAST_ID))
        await transport.sending(1)
        waiter = asyncio.create_task(books.contacts.get(FAST_ID))
        await asyncio.sleep(0)  # let it queue for the slot
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        transport.release()
        async with asyncio.timeout(5):
            await holder
            await books.contacts.get(FAST_ID)
    assert transport.started == 2  # the cancelled waiter never reached the transport


async def test_a_call_cancelled_in_flight_frees_its_connection(
    server: tuple[HoldingServer, str],
) -> None:
    holding, root = server
    # One connection in the pool: a leaked one would make the next call wait forever.
    transport = AiohttpTransport(connector_limit=1)
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        base_url=root,
        transport=transport,
        rate_limit=None,
    ) as books:
        stuck = asyncio.create_task(books.contacts.get(HANG_ID))
        await holding.holding(1)
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck
        async with asyncio.timeout(5):
            contact = await books.contacts.get(FAST_ID)
    assert contact.contact_id == FAST_ID


async def test_a_cancellation_from_the_caller_stays_a_cancellation() -> None:
    transport = BlockingTransport()
    async with one_at_a_time(transport) as books:
        call = asyncio.create_task(books.contacts.get(FAST_ID))
        await transport.sending(1)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert books._core.calls == set()
        transport.release()


async def test_a_timeout_around_a_call_still_fires() -> None:
    transport = BlockingTransport()
    async with one_at_a_time(transport) as books:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05):
                await books.contacts.get(FAST_ID)
        transport.release()
