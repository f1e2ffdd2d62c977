"""The Redis token store: one token and one refresh at a time for every process on a Redis."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from zbooks_async import ZohoBooks
from zbooks_async.auth import RedisTokenStore, RefreshTokenSource
from zbooks_async.errors import AuthenticationError, TransportError

from .fakes import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, FakeAccounts, FakeApi, serve


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeAccounts, FakeApi]]:
    async with serve() as both:
        yield both


@pytest.fixture
async def workers(
    redis_url: str, fakes: tuple[FakeAccounts, FakeApi]
) -> AsyncIterator[Callable[..., RefreshTokenSource]]:
    """Builds token sources as separate processes would: each with its own Redis client."""
    made: list[RefreshTokenSource] = []
    clients: list[aioredis.Redis] = []

    def make(**overrides: Any) -> RefreshTokenSource:
        client = aioredis.Redis.from_url(redis_url)
        clients.append(client)
        settings: dict[str, Any] = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
            "accounts_url": fakes[0].url,
            "store": RedisTokenStore(client, lock_timeout=overrides.pop("lock_timeout", 15.0)),
        }
        settings.update(overrides)
        source = RefreshTokenSource(**settings)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.close()
    for client in clients:
        await client.aclose()


async def test_processes_sharing_redis_mint_one_token_between_them(
    workers: Callable[..., RefreshTokenSource], fakes: tuple[FakeAccounts, FakeApi]
) -> None:
    accounts = fakes[0]
    accounts.delay = 0.05
    sources = [workers() for _ in range(4)]
    tokens = await asyncio.gather(*(s.access_token() for s in sources for _ in range(100)))
    assert set(tokens) == {"tok-1"}
    assert accounts.requests == 1


async def test_a_token_replaced_by_one_process_is_picked_up_by_the_others(
    workers: Callable[..., RefreshTokenSource], fakes: tuple[FakeAccounts, FakeApi]
) -> None:
    accounts = fakes[0]
    now = [time.time()]
    first, second = workers(clock=lambda: now[0]), workers(clock=lambda: now[0])
    assert await first.access_token() == await second.access_token() == "tok-1"
    now[0] += 600  # Zoho now rejects tok-1 (old enough to have been revoked, say)
    assert await first.invalidate("tok-1")
    assert await first.access_token() == "tok-2"
    assert await second.invalidate("tok-1")
    assert await second.access_token() == "tok-2"
    assert accounts.requests == 2


async def test_a_failed_refresh_is_shared_so_other_processes_do_not_ask_again(
    workers: Callable[..., RefreshTokenSource], fakes: tuple[FakeAccounts, FakeApi]
) -> None:
    accounts = fakes[0]
    accounts.mode = "revoked"
    first, second = workers(), workers()
    with pytest.raises(AuthenticationError, match="revoked"):
        await first.access_token()
    with pytest.raises(AuthenticationError, match="revoked"):
        await second.access_token()
    assert accounts.requests == 1


async def test_a_lock_left_by_a_crashed_process_expires(
    workers: Callable[..., RefreshTokenSource], redis_url: str
) -> None:
    source = workers(lock_timeout=15.0)
    async with aioredis.Redis.from_url(redis_url) as client:
        await client.set(f"zbooks:token:{source._key}:lock", "dead-process", px=300)
    started = time.monotonic()
    assert await source.access_token() == "tok-1"
    assert time.monotonic() - started >= 0.25


async def test_the_stored_token_expires_with_the_token(
    workers: Callable[..., RefreshTokenSource],
    fakes: tuple[FakeAccounts, FakeApi],
    redis_url: str,
) -> None:
    fakes[0].expires_in = 120
    source = workers()
    await source.access_token()
    async with aioredis.Redis.from_url(redis_url) as client:
        ttl = await client.pttl(f"zbooks:token:{source._key}")
        keys = [key.decode() async for key in client.scan_iter("*")]
    assert 110_000 < ttl <= 120_000
    assert all(REFRESH_TOKEN not in key and CLIENT_SECRET not in key for key in keys)


async def test_sessions_with_redis_url_share_one_token(
    redis_url: str, fakes: tuple[FakeAccounts, FakeApi]
) -> None:
    accounts, api = fakes
    sessions = [
        ZohoBooks(
            organization_id="10234695",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            refresh_token=REFRESH_TOKEN,
            accounts_url=accounts.url,
            base_url=api.url,
            redis_url=redis_url,
        )
        for _ in range(3)
    ]
    try:
        await asyncio.gather(*(books.contacts.get(str(n)) for books in sessions for n in range(5)))
    finally:
        for books in sessions:
            await books.close()
    assert accounts.requests == 1 and api.rejected == 0


async def test_unreachable_redis_is_a_clear_transport_error(
    fakes: tuple[FakeAccounts, FakeApi],
) -> None:
    client = aioredis.Redis.from_url("redis://127.0.0.1:9/0")
    source = RefreshTokenSource(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        accounts_url=fakes[0].url,
        store=RedisTokenStore(client),
    )
    try:
        with pytest.raises(TransportError, match="token store could not use Redis"):
            await source.access_token()
    finally:
        await source.close()
        await client.aclose()
