"""A fixed access token, as given by the caller."""

from __future__ import annotations

from ..secrets import Secret


class StaticToken:
    """Always the same token; a rejected one cannot be replaced."""

    def __init__(self, token: str | Secret) -> None:
        secret = token if isinstance(token, Secret) else Secret(token)
        if not secret.reveal().strip():
            raise ValueError("access_token is empty")
        self._token = secret

    async def access_token(self) -> str:
        """The caller's token."""
        return self._token.reveal()

    async def invalidate(self, token: str) -> bool:
        """Nothing to refresh with: the caller must supply a new token."""
        return False

    async def close(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"
