"""The token source protocol that the auth stage asks for access tokens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import attrs

from ..secrets import Secret


@runtime_checkable
class TokenSource(Protocol):
    """Gives the access token to send, and learns when Zoho rejected one.

    Implementations: :class:`~zbooks_async.auth.static.StaticToken` (a fixed token),
    :class:`~zbooks_async.auth.refresh.RefreshTokenSource` (OAuth refresh-token flow) and
    :class:`~zbooks_async.auth.provider.ProvidedToken` (your own async function).
    """

    async def access_token(self) -> str:
        """A token that is believed valid now (minted or refreshed if needed)."""
        ...

    async def invalidate(self, token: str) -> bool:
        """Zoho rejected ``token``. Return True if a different token can now be had."""
        ...

    async def close(self) -> None:
        """Release anything the source holds (sessions, connections)."""
        ...


def _as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


@attrs.frozen
class AccessToken:
    """An access token and, if known, how many seconds it stays valid.

    What a caller-supplied token provider may return instead of a bare string, so the token
    is asked for again shortly before it expires: ``AccessToken("1000.ab...", expires_in=3600)``.
    """

    token: Secret = attrs.field(converter=_as_secret)
    expires_in: float | None = None


TokenProvider = Callable[[], Awaitable[str | AccessToken]]
"""An async function that returns a current access token (``str``) or an :class:`AccessToken`."""
