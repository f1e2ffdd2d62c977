"""A sandbox on 127.0.0.1 (aiohttp TestServer) and a ZohoBooks session over the real aiohttp
transport, for the integration tests of the contact sub-resources::

    async with live_sandbox() as live:          # or: as (books, sandbox)
        ...
        live.last                               # the last request the sandbox received
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from zbooks_async import Contact, ZohoBooks
from zbooks_async.sandbox import (
    Organization,
    RecordedRequest,
    Sandbox,
    SandboxConfig,
    create_app,
    get_sandbox,
)
from zbooks_async.transport import InProcessTransport

from ..http_mock import ORG, served_books

API = "/books/v3"


@attrs.define
class Live:
    """The session under test and the sandbox it talks to (its ground truth and request log).

    Unpacks as ``(books, sandbox)``.
    """

    books: ZohoBooks
    sandbox: Sandbox

    def __iter__(self) -> Iterator[Any]:
        return iter((self.books, self.sandbox))

    @property
    def org(self) -> Organization:
        return self.sandbox.organization(ORG)

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.sandbox.stats.requests

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    def stored_contact(self, contact_id: str | None) -> dict[str, Any]:
        assert contact_id is not None
        return self.org.contacts[contact_id]

    async def contact(self, name: str = "Bowman and Co", **fields: Any) -> Contact:
        """Create a contact through the SDK (not counted in ``requests``)."""
        contact = await self.books.contacts.create(contact_name=name, **fields)
        self.requests.clear()
        return contact

    async def contact_with_person(self, name: str = "Bowman and Co", **person: Any) -> tuple[str, str]:
        """Create a contact with one person; return (contact_id, contact_person_id)."""
        contact = await self.contact(name, contact_persons=[person])
        assert contact.contact_id and contact.contact_persons
        person_id = contact.contact_persons[0].contact_person_id
        assert person_id
        return contact.contact_id, person_id


@asynccontextmanager
async def live_sandbox(**config: Any) -> AsyncIterator[Live]:
    """Serve a fresh, recording, unthrottled sandbox and open a session on it (no retries)."""
    app = create_app(SandboxConfig(record_requests=True, **config).unlimited())
    async with TestServer(app, host="127.0.0.1") as server:
        async with served_books(server, token="sandbox-token") as books:
            yield Live(books, get_sandbox(app))


def in_process_books(app: web.Application) -> ZohoBooks:
    """A session (to enter with ``async with``) calling the sandbox ``app`` in process, no socket."""
    return ZohoBooks(
        organization_id=ORG,
        access_token="t",
        base_url="http://sandbox.local/books/v3",
        transport=InProcessTransport(app),
    )


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
