"""A call rejected for its token is replayed with a fresh one, a bounded number of times."""

from __future__ import annotations

import pytest

from zbooks_async.errors import AuthenticationError
from zbooks_async.pipeline.auth import MAX_TOKEN_REPLAYS, AuthStage
from zbooks_async.pipeline.values import Request, Response

OK = Response(status=200, headers={}, body=b"{}")
REQUEST = Request(method="POST", base_url="https://www.zohoapis.com/books/v3", path="/contacts")


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

    def __init__(self, times: int) -> None:
        self.times = times
        self.tokens: list[str] = []

    async def __call__(self, request: Request) -> Response:
        self.tokens.append(dict(request.headers)["Authorization"].split()[-1])
        if len(self.tokens) <= self.times:
            raise AuthenticationError("expired", code=57, http_status=401)
        return OK


async def test_a_token_that_expires_again_before_the_replay_is_refreshed_again() -> None:
    send = Rejecting(times=2)
    assert await AuthStage(Minting())(REQUEST, send) is OK
    assert send.tokens == ["token-1", "token-2", "token-3"]


async def test_replays_stop_after_the_cap_so_a_scope_error_cannot_mint_forever() -> None:
    source, send = Minting(), Rejecting(times=10)
    with pytest.raises(AuthenticationError):
        await AuthStage(source)(REQUEST, send)
    assert len(send.tokens) == MAX_TOKEN_REPLAYS + 1
    assert source.minted == MAX_TOKEN_REPLAYS + 1
