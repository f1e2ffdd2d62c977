"""A sandbox on 127.0.0.1 (aiohttp TestServer) and a ZohoBooks session speaking to it.

Used by the integration tests of the contact sub-resources::

    async with sandbox_session() as (books, sandbox):
        ...
        [request] = sandbox.stats.requests   # what the sandbox received
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp.test_utils import TestServer

from zbooks_async import RetryPolicy, ZohoBooks
from zbooks_async.sandbox import RecordedRequest, Sandbox, SandboxConfig, create_app, get_sandbox

ORG = "10234695"
API = "/books/v3"


@asynccontextmanager
async def sandbox_session(**config: Any) -> AsyncIterator[tuple[ZohoBooks, Sandbox]]:
    """A recording, unthrottled sandbox served over a socket, and a session using it."""
    app = create_app(SandboxConfig(record_requests=True, **config).unlimited())
    async with TestServer(app, host="127.0.0.1") as server:
        async with ZohoBooks(
            organization_id=ORG,
            access_token="sandbox-token",
            base_url=str(server.make_url(API)),
            rate_limit=None,
            retry=RetryPolicy(max_retries=0),
        ) as books:
            yield books, get_sandbox(app)


def last_request(sandbox: Sandbox) -> RecordedRequest:
    """The most recent API request the sandbox received."""
    return sandbox.stats.requests[-1]


def received(sandbox: Sandbox) -> tuple[str, str, dict[str, str], Any]:
    """Method, path (without ``/books/v3``), query (without organization_id) and body of it."""
    request = last_request(sandbox)
    assert request.organization_id == ORG
    query = {key: value for key, value in request.query.items() if key != "organization_id"}
    return request.method, request.path.removeprefix(API), query, request.body


async def new_contact(books: ZohoBooks, name: str = "Bowman and Co") -> str:
    """Create a contact and return its id."""
    contact = await books.contacts.create(contact_name=name)
    assert contact.contact_id is not None
    return contact.contact_id
