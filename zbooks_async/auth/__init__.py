"""Where access tokens come from: a fixed token, OAuth refresh, or your own provider; and the
stores that share minted tokens (in memory, or in Redis across processes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import AccessToken, TokenProvider, TokenSource
from .provider import ProvidedToken
from .refresh import RefreshTokenSource
from .static import StaticToken
from .store import MemoryTokenStore, StoredToken, TokenStore

if TYPE_CHECKING:
    from .redis_store import RedisTokenStore

__all__ = [
    "AccessToken",
    "MemoryTokenStore",
    "ProvidedToken",
    "RedisTokenStore",
    "RefreshTokenSource",
    "StaticToken",
    "StoredToken",
    "TokenProvider",
    "TokenSource",
    "TokenStore",
]


def __getattr__(name: str) -> Any:
    # RedisTokenStore needs the optional redis package: import it only when asked for.
    if name == "RedisTokenStore":
        from .redis_store import RedisTokenStore

        return RedisTokenStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
