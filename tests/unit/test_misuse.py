"""Clear errors for misuse: a second event loop, a session never closed."""

from __future__ import annotations

import asyncio
import gc

import pytest

from zbooks_async import ConfigurationError, ZohoBooks
from zbooks_async.pipeline.values import Request, Response

ORG = "10234695"
CONTACT = (
    b'{"code":0,"message":"success","contact":'
    b'{"contact_id":"1","contact_name":"A","contact_type":"customer","status":"active"}}'
)


class Counting:
    """A transport that answers every request with a contact and counts them."""

    def __init__(self) -> None:
        self.sent = 0
        self.closed = False

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.sent += 1
        return Response(status=200, headers={"Content-Type": "application/json"}, body=CONTACT)

    async def close(self) -> None:
        self.closed = True


def test_a_session_used_from_a_second_event_loop_is_refused_naming_the_fix() -> None:
    transport = Counting()
    books = ZohoBooks(organization_id=ORG, access_token="tok", transport=transport)
    asyncio.run(books.contacts.get("1"))

    async def again() -> None:
        try:
            with pytest.raises(ConfigurationError, match="another event loop") as raised:
                await books.contacts.get("1")
            assert "one ZohoBooks per event loop" in str(raised.value)
            assert "await books.close()" in str(raised.value)
        finally:
            await books.close()

    asyncio.run(again())
    assert transport.sent == 1  # the refused call sent nothing, opened nothing
    assert transport.closed


async def test_a_session_never_closed_warns_naming_zohobooks_and_how_to_close() -> None:
    books = ZohoBooks(organization_id=ORG, access_token="tok", transport=Counting())
    await books.contacts.get("1")
    with pytest.warns(ResourceWarning, match=r"ZohoBooks session was never closed.*await books.close\(\)"):
        del books
        gc.collect()


async def test_a_closed_or_unused_session_does_not_warn() -> None:
    unused = ZohoBooks(organization_id=ORG, access_token="tok", transport=Counting())
    async with ZohoBooks(organization_id=ORG, access_token="tok", transport=Counting()) as books:
        await books.contacts.get("1")
    del unused, books
    gc.collect()  # filterwarnings = error: a ResourceWarning here would fail the test
