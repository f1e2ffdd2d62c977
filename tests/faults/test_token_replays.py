"""A call rejected for its token is replayed with a fresh one inside the one retry loop, a bounded
number of times, and a token refused although just minted is reported as a missing scope."""

from __future__ import annotations

import pytest

from zbooks_async.errors import AuthenticationError, MissingScopeError, TokenExpiredError
from zbooks_async.pipeline.auth import AuthStage
from zbooks_async.pipeline.retry import MAX_TOKEN_REPLAYS, RetryPolicy, RetryStage
from zbooks_async.pipeline.stage import compose
from zbooks_async.pipeline.values import Request, Response

OK = Response(status=200, headers={}, body=b"{}")
REQUEST = Request(
    method="POST",
    base_url="https://www.zohoapis.com/books/v3",
    path="/contacts",
    scope="ZohoBooks.contacts.CREATE",
)


class Minting:
    """A token source that mints token-1, token-2, ... each time one is rejected."""

    def __init__(self) -> None:
        self.minted = 1

    async def access_token(self) -> str:
        return f"token-{self.minted}"

    async def invalidate(self, token: str) -> bool:
        if token == f"token-{self.minted}":
            self.minted += 1
        return True

    async def close(self) -> None:
        return None


class Rejecting:
    """A ``call_next`` that rejects the first ``times`` requests as unauthenticated."""

    def __init__(self, times: int, code: int = 57) -> None:
        self.times = times
        self.code = code
        self.tokens: list[str] = []

    async def __call__(self, request: Request) -> Response:
        self.tokens.append(dict(request.headers)["Authorization"].split()[-1])
        if len(self.tokens) <= self.times:
            raise AuthenticationError("expired", code=self.code, http_status=401)
        return OK


def pipeline(source: Minting, send: Rejecting, policy: RetryPolicy = RetryPolicy()) -> object:
    return compose([RetryStage(policy), AuthStage(source)], send)


async def test_a_token_that_expires_again_before_the_replay_is_refreshed_again() -> None:
    send = Rejecting(times=2, code=14)
    assert await pipeline(Minting(), send)(REQUEST) is OK  # type: ignore[operator]
    assert send.tokens == ["token-1", "token-2", "token-3"]


async def test_replays_stop_after_the_cap_so_a_refused_token_cannot_mint_forever() -> None:
    source, send = Minting(), Rejecting(times=10, code=14)
    with pytest.raises(TokenExpiredError):
        await pipeline(source, send)(REQUEST)  # type: ignore[operator]
    assert len(send.tokens) == MAX_TOKEN_REPLAYS + 1
    assert source.minted == MAX_TOKEN_REPLAYS + 2  # the last refused one was dropped too


async def test_a_token_refresh_is_not_a_retry_so_max_retries_zero_still_replaces_it() -> None:
    send = Rejecting(times=1)
    assert await pipeline(Minting(), send, RetryPolicy(max_retries=0))(REQUEST) is OK  # type: ignore[operator]
    assert send.tokens == ["token-1", "token-2"]


async def test_a_replacement_token_refused_with_57_is_a_missing_scope_after_one_mint() -> None:
    source, send = Minting(), Rejecting(times=10)
    with pytest.raises(MissingScopeError) as raised:
        await pipeline(source, send)(REQUEST)  # type: ignore[operator]
    assert raised.value.scope == "ZohoBooks.contacts.CREATE"
    assert "ZohoBooks.contacts.CREATE" in str(raised.value)
    assert isinstance(raised.value, AuthenticationError)
    assert send.tokens == ["token-1", "token-2"]
    assert source.minted == 2  # token-2 is kept: it is valid, it only lacks the scope


async def test_later_calls_refused_for_the_same_scope_and_token_mint_nothing() -> None:
    source, send = Minting(), Rejecting(times=10)
    call = pipeline(source, send)
    with pytest.raises(MissingScopeError):
        await call(REQUEST)  # type: ignore[operator]
    for _ in range(5):
        with pytest.raises(MissingScopeError):
            await call(REQUEST)  # type: ignore[operator]
    assert source.minted == 2
    assert send.tokens == ["token-1"] + ["token-2"] * 6


async def test_an_expired_token_is_still_replaced_once_and_the_call_succeeds() -> None:
    source, send = Minting(), Rejecting(times=1)
    assert await pipeline(source, send)(REQUEST) is OK  # type: ignore[operator]
    assert send.tokens == ["token-1", "token-2"]
