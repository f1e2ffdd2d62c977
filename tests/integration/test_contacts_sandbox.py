"""Contacts end to end: the real aiohttp transport against the sandbox on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from aiohttp.test_utils import TestServer

from zbooks_async import (
    AuthenticationError,
    NotFoundError,
    RateLimit,
    RetryPolicy,
    ValidationError,
    ZohoBooks,
)
from zbooks_async.models.contacts import Address
from zbooks_async.sandbox import Sandbox, SandboxConfig, create_app, get_sandbox

from .sandbox_session import in_process_books

ORG = "10234695"
FAST_RETRY = RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0)


async def serve(config: SandboxConfig) -> TestServer:
    server = TestServer(create_app(config), host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
async def server() -> AsyncIterator[TestServer]:
    test_server = await serve(SandboxConfig(seed_contacts=450, record_requests=True).unlimited())
    yield test_server
    await test_server.close()


def sandbox_of(server: TestServer) -> Sandbox:
    return get_sandbox(server.app)


def client(server: TestServer, **kwargs: object) -> ZohoBooks:
    options: dict[str, object] = {
        "organization_id": ORG,
        "access_token": "sandbox-token",
        "base_url": str(server.make_url("/books/v3")),
        "retry": FAST_RETRY,
        **kwargs,
    }
    return ZohoBooks(**options)  # type: ignore[arg-type]


async def test_create_get_update_delete_round_trip(server: TestServer) -> None:
    async with client(server) as books:
        created = await books.contacts.create(
            contact_name="Bowman and Co",
            credit_limit=Decimal("1000.55"),
            billing_address=Address(city="Pleasanton", zip="94588"),
            contact_persons=[{"first_name": "Will", "email": "will@example.com"}],
        )
        assert created.contact_id is not None and created.contact_id.isdigit()
        assert created.credit_limit == Decimal("1000.55")
        assert created.created_time is not None and created.created_time.tzinfo is not None
        fetched = await books.contacts.get(created.contact_id)
        assert fetched.contact_persons and fetched.contact_persons[0].contact_person_id
        updated = await books.contacts.update(created.contact_id, notes="VIP")
        assert updated.notes == "VIP"
        deleted = await books.contacts.delete(created.contact_id)
        assert "deleted" in deleted.message
        with pytest.raises(NotFoundError) as raised:
            await books.contacts.get(created.contact_id)
    assert raised.value.code == 1002
    assert created.contact_id not in sandbox_of(server).organization(ORG).contacts


async def test_list_walks_all_pages_exactly_once(server: TestServer) -> None:
    async with client(server) as books:
        ids = [c.contact_id async for c in books.contacts.list(sort_column="contact_name")]
    assert len(ids) == 450 == len(set(ids))
    listed = [r for r in sandbox_of(server).stats.requests if r.path == "/books/v3/contacts"]
    assert [r.query["page"] for r in listed] == ["1", "2", "3"]
    assert all(r.query["per_page"] == "200" and r.query["organization_id"] == ORG for r in listed)


async def test_inactive_contacts_filter_out_of_active(server: TestServer) -> None:
    async with client(server) as books:
        contact = await books.contacts.create(contact_name="Soon Inactive")
        assert contact.contact_id is not None
        await books.contacts.mark_inactive(contact.contact_id)
        active = [c.contact_id async for c in books.contacts.list(filter_by="Status.Active")]
        inactive = [c.contact_id async for c in books.contacts.list(filter_by="Status.Inactive")]
    assert contact.contact_id not in active and contact.contact_id in inactive


async def test_duplicate_name_is_a_validation_error_with_zoho_code(server: TestServer) -> None:
    async with client(server) as books:
        await books.contacts.create(contact_name="Twice")
        with pytest.raises(ValidationError) as raised:
            await books.contacts.create(contact_name="Twice")
    assert raised.value.code == 3062 and raised.value.http_status == 400


async def test_a_rejected_token_is_an_authentication_error() -> None:
    server = await serve(SandboxConfig(access_tokens=frozenset({"good"})).unlimited())
    try:
        async with client(server, access_token="bad") as books:
            with pytest.raises(AuthenticationError) as raised:
                await books.contacts.get("1")
    finally:
        await server.close()
    assert raised.value.code == 57 and raised.value.http_status == 401


async def test_throttles_are_retried_until_they_pass() -> None:
    """With the SDK's limiter off, the sandbox's in-flight cap answers 429/1070 and retries absorb it."""
    config = SandboxConfig(max_in_flight=2, requests_per_window=None, daily_budget=None, latency_seconds=0.02)
    server = await serve(config)
    try:
        async with client(
            server, rate_limit=None, retry=RetryPolicy(max_retries=50, base_delay=0.01)
        ) as books:
            names = [f"Parallel {n}" for n in range(12)]
            created = await asyncio.gather(*(books.contacts.create(contact_name=n) for n in names))
    finally:
        await server.close()
    assert len({c.contact_id for c in created}) == 12
    assert get_sandbox(server.app).stats.throttled_by_code[1070] > 0
    assert len(get_sandbox(server.app).contacts(ORG)) == 12


async def test_the_sdk_limiter_keeps_the_sandbox_from_throttling() -> None:
    config = SandboxConfig(max_in_flight=2, requests_per_window=20, window_seconds=0.5, latency_seconds=0.005)
    server = await serve(config)
    try:
        # the client and the sandbox share one event loop here, so arrival jitter is a few ms
        limit = RateLimit(requests=20, period=0.5, concurrency=2, margin=0.1)
        async with client(server, rate_limit=limit, retry=RetryPolicy(max_retries=0)) as books:
            await asyncio.gather(*(books.contacts.create(contact_name=f"Paced {n}") for n in range(45)))
    finally:
        await server.close()
    stats = get_sandbox(server.app).stats
    assert sum(stats.throttled_by_code.values()) == 0 and stats.total_requests == 45


async def test_in_process_transport_serves_the_sandbox_without_a_socket() -> None:
    app = create_app(SandboxConfig(seed_contacts=3).unlimited())
    async with in_process_books(app) as books:
        names = [c.contact_name async for c in books.contacts.list()]
        created = await books.contacts.create(contact_name="In Process")
    assert len(names) == 3
    assert created.contact_id in get_sandbox(app).organization(ORG).contacts
