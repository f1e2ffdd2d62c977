"""The token source protocol that the auth stage asks for access tokens."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class TokenSource(Protocol):
    """Gives the access token to send, and learns when Zoho rejected one."""

    async def access_token(self) -> str:
        """A token that is believed valid now (minted or refreshed if needed)."""
        ...

    async def invalidate(self, token: str) -> bool:
        """Zoho rejected ``token``. Return True if a different token can now be had."""
        ...

    async def close(self) -> None:
        """Release anything the source holds (sessions, connections)."""
        ...
