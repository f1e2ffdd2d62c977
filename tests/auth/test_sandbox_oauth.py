"""OAuth refresh against the sandbox's accounts server and API, over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from zbooks_async import ZohoBooks
from zbooks_async.errors import AuthenticationError
from zbooks_async.sandbox import Sandbox, SandboxConfig, create_app, get_sandbox
from zbooks_async.transport import InProcessTransport

ORG = "10234695"


@pytest.fixture
async def sandbox_server() -> AsyncIterator[tuple[Sandbox, str]]:
    app = create_app(SandboxConfig(seed_contacts=1).unlimited())
    async with TestServer(app, host="127.0.0.1") as server:
        yield get_sandbox(app), str(server.make_url("")).rstrip("/")


def session(root: str) -> ZohoBooks:
    config = SandboxConfig()
    return ZohoBooks(
        organization_id=ORG,
        client_id=config.client_id,
        client_secret=config.client_secret,
        refresh_token=config.refresh_token,
        accounts_url=root,
        base_url=f"{root}/books/v3",
        rate_limit=None,  # 101 calls here: the default 100-a-minute window would make one wait
    )


async def test_expired_tokens_are_refreshed_once_for_all_concurrent_calls(
    sandbox_server: tuple[Sandbox, str],
) -> None:
    sandbox, root = sandbox_server
    contact_id = next(iter(sandbox.organization(ORG).contacts))
    async with session(root) as books:
        await books.contacts.get(contact_id)
        sandbox.expire_tokens()
        contacts = await asyncio.gather(*(books.contacts.get(contact_id) for _ in range(50)))
    assert {contact.contact_id for contact in contacts} == {contact_id}
    assert sandbox.stats.token_mints == 2
    assert sandbox.stats.responses_by_status[401] == 50


async def test_a_revoked_refresh_token_fails_every_waiter_at_once(
    sandbox_server: tuple[Sandbox, str],
) -> None:
    sandbox, root = sandbox_server
    contact_id = next(iter(sandbox.organization(ORG).contacts))
    async with session(root) as books:
        await books.contacts.get(contact_id)
        sandbox.revoke_refresh_token()
        sandbox.expire_tokens()
        outcomes = await asyncio.gather(
            *(books.contacts.get(contact_id) for _ in range(50)), return_exceptions=True
        )
        with pytest.raises(AuthenticationError, match="refused the refresh token"):
            await books.contacts.get(contact_id)
    assert all(isinstance(outcome, AuthenticationError) for outcome in outcomes)
    assert "refused the refresh token" in str(outcomes[0])
    assert sandbox.stats.token_mints == 1


async def test_token_requests_share_the_sessions_transport() -> None:
    app = create_app(SandboxConfig(seed_contacts=1).unlimited())
    sandbox = get_sandbox(app)
    contact_id = next(iter(sandbox.organization(ORG).contacts))
    config = SandboxConfig()
    async with ZohoBooks(
        organization_id=ORG,
        client_id=config.client_id,
        client_secret=config.client_secret,
        refresh_token=config.refresh_token,
        accounts_url="http://sandbox.local",
        base_url="http://sandbox.local/books/v3",
        transport=InProcessTransport(app),
    ) as books:
        assert (await books.contacts.get(contact_id)).contact_id == contact_id
    assert sandbox.stats.token_mints == 1
