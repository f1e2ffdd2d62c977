"""Where access tokens come from: a fixed token, OAuth refresh, or your own provider; and the
stores that share minted tokens (in memory, or in Redis across processes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .base import AccessToken, TokenProvider, TokenSource
    from .provider import ProvidedToken
    from .redis_store import RedisTokenStore
    from .refresh import RefreshTokenSource
    from .static import StaticToken
    from .store import MemoryTokenStore, StoredToken, TokenStore

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

# Each imported on first use: OAuth refresh only for sessions that refresh, RedisTokenStore
# (which needs the optional redis package) only when asked for.
__getattr__, __dir__ = lazy_exports(
    globals(),
    {
        "AccessToken": ".base",
        "TokenProvider": ".base",
        "TokenSource": ".base",
        "ProvidedToken": ".provider",
        "RedisTokenStore": ".redis_store",
        "RefreshTokenSource": ".refresh",
        "StaticToken": ".static",
        "MemoryTokenStore": ".store",
        "StoredToken": ".store",
        "TokenStore": ".store",
    },
)
