"""With every logger at DEBUG, no log record of a succeeding or failing call holds a secret."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses

from tests.secrets.secret_support import (
    ACCESS_TOKEN,
    CONTACT_ID,
    CONTACTS,
    ONE_CONTACT,
    ORGANIZATION_ID,
    leaks,
)
from zbooks_async import RetryPolicy, ZohoBooks, ZohoBooksError

CONTACT = (
    '{"code":0,"message":"success","contact":{"contact_id":"460000000026049","contact_name":"Bowman",'
    '"contact_type":"customer","status":"active"}}'
)
FORMATTER = logging.Formatter("%(name)s %(levelname)s %(message)s")


def rendered(records: list[logging.LogRecord]) -> str:
    """Every record as a handler would write it, tracebacks included."""
    return "\n".join(FORMATTER.format(record) for record in records)


async def failure_of(call: Coroutine[Any, Any, object]) -> ZohoBooksError:
    try:
        await call
    except ZohoBooksError as error:
        logging.getLogger("app").exception("the sync failed")
        return error
    raise AssertionError("the call was expected to fail")


async def test_calls_that_succeed_and_fail_log_no_secret_at_debug(
    books: ZohoBooks, mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mocked.get(ONE_CONTACT, status=200, body=CONTACT)
    mocked.get(ONE_CONTACT, exception=aiohttp.ServerDisconnectedError())
    mocked.get(ONE_CONTACT, status=200, body=CONTACT)
    mocked.get(ONE_CONTACT, status=401, body='{"code":14,"message":"Invalid value passed for authtoken"}')
    mocked.post(CONTACTS, status=500, body='{"code":1000,"message":"Internal error"}')
    mocked.delete(ONE_CONTACT, status=503, body="<html><title>503 Unavailable</title></html>")
    mocked.delete(ONE_CONTACT, status=404, body='{"code":1002,"message":"Contact does not exist."}')
    mocked.get(ONE_CONTACT, exception=aiohttp.ServerDisconnectedError(), repeat=True)

    await books.contacts.get(CONTACT_ID)
    await books.contacts.get(CONTACT_ID)  # retried once after the reset
    errors = [
        await failure_of(books.contacts.get(CONTACT_ID)),
        await failure_of(books.contacts.create(contact_name="Bowman")),
    ]
    await books.contacts.delete(CONTACT_ID)  # replayed after the 503, 404 means done
    errors.append(await failure_of(books.contacts.get(CONTACT_ID)))

    text = rendered(caplog.records)
    assert "retrying GET" in text and "the sync failed" in text  # the logs did say something
    assert leaks(text) == []
    for error in errors:
        assert leaks("".join(traceback.format_exception(error)) + repr(error)) == []


@pytest.fixture
async def garbage_server() -> AsyncIterator[str]:
    """A loopback server whose answer is not valid HTTP (aiohttp raises ClientResponseError)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}")
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/books/v3"
    server.close()
    await server.wait_closed()


async def test_an_unparsable_http_answer_does_not_leak_the_request_headers(
    garbage_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    # aiohttp's ClientResponseError holds request_info, whose repr shows every header.
    caplog.set_level(logging.DEBUG)
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=ACCESS_TOKEN,
        base_url=garbage_server,
        rate_limit=None,
        retry=RetryPolicy(max_retries=1, base_delay=0.0),
    ) as books:
        error = await failure_of(books.contacts.get(CONTACT_ID))
    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__ or (None if cause.__suppress_context__ else cause.__context__)
    text = "".join(traceback.format_exception(error)) + " ".join(map(repr, chain))
    assert "Content-Length" in text  # the reason is kept
    assert leaks(text + rendered(caplog.records)) == []
