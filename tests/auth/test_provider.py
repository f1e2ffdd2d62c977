"""Caller-supplied async token providers."""

from __future__ import annotations

import asyncio

import pytest

from zbooks_async import ZohoBooks
from zbooks_async.auth import AccessToken, ProvidedToken
from zbooks_async.errors import AuthenticationError

from .fakes import serve


class Provider:
    """Hands out ``p-1``, ``p-2``... and counts the calls."""

    def __init__(self, expires_in: float | None = None, delay: float = 0.0) -> None:
        self.calls = 0
        self.expires_in = expires_in
        self.delay = delay

    async def __call__(self) -> str | AccessToken:
        self.calls += 1
        await asyncio.sleep(self.delay)
        token = f"p-{self.calls}"
        return token if self.expires_in is None else AccessToken(token, self.expires_in)


async def test_concurrent_callers_share_one_provider_call() -> None:
    provider = Provider(delay=0.02)
    tokens = ProvidedToken(provider)
    assert set(await asyncio.gather(*(tokens.access_token() for _ in range(100)))) == {"p-1"}
    assert provider.calls == 1
    await tokens.close()


async def test_a_rejected_token_is_asked_for_again() -> None:
    provider = Provider()
    tokens = ProvidedToken(provider)
    assert await tokens.access_token() == "p-1"
    assert await tokens.invalidate("p-1")
    assert await tokens.access_token() == "p-2"
    assert await tokens.invalidate("p-1")  # stale news: p-2 is still held
    assert await tokens.access_token() == "p-2"
    assert provider.calls == 2


async def test_a_token_with_a_lifetime_is_asked_for_again_before_it_expires() -> None:
    now = [0.0]
    provider = Provider(expires_in=3600)
    tokens = ProvidedToken(provider, clock=lambda: now[0])
    assert await tokens.access_token() == "p-1"
    now[0] = 3539
    assert await tokens.access_token() == "p-1"
    now[0] = 3541  # within refresh_ahead (60 s) of expiry
    assert await tokens.access_token() == "p-2"


async def test_provider_failures_become_authentication_errors() -> None:
    async def broken() -> str:
        raise RuntimeError("vault sealed")

    async def same() -> str:
        return "always"

    tokens = ProvidedToken(broken)
    with pytest.raises(AuthenticationError, match="RuntimeError") as raised:
        await tokens.access_token()
    assert isinstance(raised.value.__cause__, RuntimeError)
    stubborn = ProvidedToken(same)
    await stubborn.invalidate(await stubborn.access_token())
    with pytest.raises(AuthenticationError, match="just rejected"):
        await stubborn.access_token()


async def test_one_rejection_does_not_lock_out_a_provider_that_keeps_its_token() -> None:
    # A vault that always hands out the same valid token, and one call Zoho refuses (401
    # code 57: a scope this token lacks). That call fails; later calls must still get a token.
    calls = 0

    async def vault() -> str:
        nonlocal calls
        calls += 1
        return "always"

    tokens = ProvidedToken(vault)
    await tokens.invalidate(await tokens.access_token())
    with pytest.raises(AuthenticationError, match="just rejected"):
        await tokens.access_token()
    assert await tokens.access_token() == "always"
    assert await tokens.access_token() == "always"
    assert calls == 2


async def test_session_accepts_an_async_function_as_token_source() -> None:
    async with serve() as (accounts, api):
        accounts.minted.append("from-vault")

        async def vault() -> str:
            return "from-vault"

        async with ZohoBooks(
            organization_id="1", token_source=vault, base_url=api.url, rate_limit=None
        ) as books:
            assert (await books.contacts.get("3")).contact_id == "3"
        assert api.rejected == 0
