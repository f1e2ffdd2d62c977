"""A write in flight when the session closes is outcome-unknown; a read or an unsent write is not."""

from __future__ import annotations

import asyncio

from tests.lifecycle.lifecycle_support import (
    FAST_ID,
    HANG_ID,
    ORGANIZATION_ID,
    TOKEN,
    BlockingTransport,
    HoldingServer,
)
from zbooks_async import (
    ClientClosedError,
    ClosedDuringWrite,
    OutcomeUnknownError,
    RateLimit,
    ZohoBooks,
)


async def settled(task: asyncio.Task[object]) -> BaseException | object:
    async with asyncio.timeout(5):
        (result,) = await asyncio.gather(task, return_exceptions=True)
    return result


async def test_closing_during_a_sent_write_over_aiohttp_is_outcome_unknown(
    server: tuple[HoldingServer, str],
) -> None:
    holding, root = server
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=root)
    update = asyncio.create_task(books.contacts.update(HANG_ID, contact_name="Bowman"))
    await holding.holding(1)
    await books.close()
    result = await settled(update)
    assert isinstance(result, ClosedDuringWrite), result
    assert isinstance(result, OutcomeUnknownError) and isinstance(result, ClientClosedError)
    assert "may or may not have been applied" in str(result)


async def test_closing_during_a_sent_create_is_outcome_unknown() -> None:
    transport = BlockingTransport()
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, transport=transport)
    create = asyncio.create_task(books.contacts.create(contact_name="Bowman"))
    await transport.sending(1)
    await books.close()
    assert isinstance(await settled(create), ClosedDuringWrite)


async def test_closing_during_a_read_stays_a_plain_client_closed_error() -> None:
    transport = BlockingTransport()
    books = ZohoBooks(organization_id=ORGANIZATION_ID, access_token=TOKEN, transport=transport)
    read = asyncio.create_task(books.contacts.get(FAST_ID))
    await transport.sending(1)
    await books.close()
    result = await settled(read)
    assert isinstance(result, ClientClosedError) and not isinstance(result, OutcomeUnknownError)


async def test_closing_during_a_write_still_waiting_for_the_limiter_is_not_unknown() -> None:
    transport = BlockingTransport()
    books = ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        transport=transport,
        rate_limit=RateLimit(concurrency=1),
    )
    first = asyncio.create_task(books.contacts.create(contact_name="First"))
    await transport.sending(1)
    waiting = asyncio.create_task(books.contacts.create(contact_name="Second"))
    await asyncio.sleep(0)
    await books.close()
    assert isinstance(await settled(first), ClosedDuringWrite)
    unsent = await settled(waiting)
    assert isinstance(unsent, ClientClosedError) and not isinstance(unsent, OutcomeUnknownError)
    assert transport.started == 1
