"""A live sandbox on 127.0.0.1 and a ZohoBooks session over the real aiohttp transport,
for the integration tests of bank accounts, cards, SMS, portal, owners and contact actions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import attrs
from aiohttp.test_utils import TestServer

from zbooks_async import Contact, ContactPerson, RetryPolicy, ZohoBooks
from zbooks_async.sandbox import (
    Organization,
    RecordedRequest,
    Sandbox,
    SandboxConfig,
    create_app,
    get_sandbox,
)

ORG = "10234695"
API = "/books/v3"


@attrs.define
class Live:
    """The session under test and the sandbox it talks to (its ground truth and request log)."""

    books: ZohoBooks
    sandbox: Sandbox

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
        contact = await self.contact(name, contact_persons=[ContactPerson(**person)])
        assert contact.contact_id and contact.contact_persons
        person_id = contact.contact_persons[0].contact_person_id
        assert person_id
        return contact.contact_id, person_id


@asynccontextmanager
async def live_sandbox(**config: Any) -> AsyncIterator[Live]:
    """Serve a fresh sandbox (recording requests) and open a session on it."""
    app = create_app(SandboxConfig(record_requests=True, **config))
    async with TestServer(app, host="127.0.0.1") as server:
        async with ZohoBooks(
            organization_id=ORG,
            access_token="live-token",
            base_url=str(server.make_url(API)),
            rate_limit=None,
            retry=RetryPolicy(max_retries=0),
        ) as books:
            yield Live(books, get_sandbox(app))
