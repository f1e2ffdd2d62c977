"""Token stores: where minted access tokens are kept, so that every user of one refresh token
shares one access token and one refresh at a time.

:class:`MemoryTokenStore` shares within a process; :class:`~zbooks_async.auth.redis_store.
RedisTokenStore` shares between every process on one Redis.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol, runtime_checkable

import attrs

from ..secrets import Secret


@attrs.frozen
class StoredToken:
    """A minted access token and its timetable, in epoch seconds.

    ``refresh_at`` is when users should start asking for a new one (ahead of ``expires_at``);
    ``minted_at`` tells a fresh token from an old one when Zoho rejects it.
    """

    access_token: Secret
    expires_at: float
    refresh_at: float
    minted_at: float

    def to_json(self) -> str:
        """The record as JSON text (with the token itself: store it where only you can read)."""
        return json.dumps(
            {
                "access_token": self.access_token.reveal(),
                "expires_at": self.expires_at,
                "refresh_at": self.refresh_at,
                "minted_at": self.minted_at,
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> StoredToken | None:
        """The record in ``text``, or None if it is not one."""
        try:
            data: Any = json.loads(text)
            return cls(
                access_token=Secret(str(data["access_token"])),
                expires_at=float(data["expires_at"]),
                refresh_at=float(data["refresh_at"]),
                minted_at=float(data["minted_at"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


@runtime_checkable
class TokenStore(Protocol):
    """Keeps one access token per ``key`` (a digest naming the refresh token) and serializes
    the refreshes of that key, possibly across processes.

    ``refresh_lock(key)`` is held while one user mints; others wait, then find the new token
    with ``get``. A failed mint is recorded with ``record_failure`` so the other users fail
    fast instead of asking the accounts server again.

    A store may also offer ``async reserve_mint(key, limit, window) -> float``: count a mint
    if fewer than ``limit`` were counted in the last ``window`` seconds and return 0, else
    return the seconds until one may be. Both built-in stores do, so Zoho's cap (10 tokens per
    refresh token per 10 minutes) holds for every user of the store; without it the cap is
    counted per process.
    """

    async def get(self, key: str) -> StoredToken | None:
        """The stored token, if any and not expired."""
        ...

    async def put(self, key: str, token: StoredToken) -> None:
        """Store ``token`` (replacing any other) until it expires."""
        ...

    async def discard(self, key: str, access_token: str) -> None:
        """Forget the stored token, but only if it is still ``access_token``."""
        ...

    def refresh_lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold the right to mint for ``key`` (one holder at a time)."""
        ...

    async def failure(self, key: str) -> str | None:
        """The message of a recent failed mint, while it is still to be believed."""
        ...

    async def record_failure(self, key: str, message: str, seconds: float) -> None:
        """Remember for ``seconds`` that minting failed with ``message`` (no secrets in it)."""
        ...

    async def close(self) -> None:
        """Release what the store opened (a Redis client you passed in is left open)."""
        ...


class MemoryTokenStore:
    """Tokens kept in this process: the default. ``clock`` gives epoch seconds."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._tokens: dict[str, StoredToken] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._failures: dict[str, tuple[str, float]] = {}
        self._mints: dict[str, deque[float]] = {}

    async def get(self, key: str) -> StoredToken | None:
        """The stored token, if not expired."""
        token = self._tokens.get(key)
        if token is not None and token.expires_at <= self._clock():
            del self._tokens[key]
            return None
        return token

    async def put(self, key: str, token: StoredToken) -> None:
        """Store ``token``."""
        self._tokens[key] = token

    async def discard(self, key: str, access_token: str) -> None:
        """Forget the token if it is still ``access_token``."""
        token = self._tokens.get(key)
        if token is not None and token.access_token.reveal() == access_token:
            del self._tokens[key]

    @asynccontextmanager
    async def refresh_lock(self, key: str) -> AsyncIterator[None]:
        """An ``asyncio.Lock`` per key."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            yield

    async def failure(self, key: str) -> str | None:
        """A failure recorded less than its ``seconds`` ago."""
        recorded = self._failures.get(key)
        if recorded is None:
            return None
        message, until = recorded
        if until <= self._clock():
            del self._failures[key]
            return None
        return message

    async def record_failure(self, key: str, message: str, seconds: float) -> None:
        """Remember the failure for ``seconds``."""
        self._failures[key] = (message, self._clock() + seconds)

    async def reserve_mint(self, key: str, limit: int, window: float) -> float:
        """Count a mint for ``key`` if fewer than ``limit`` were in ``window`` s; else the wait."""
        now = self._clock()
        times = self._mints.setdefault(key, deque())
        while times and times[0] <= now - window:
            times.popleft()
        if len(times) >= limit:
            return times[0] + window - now
        times.append(now)
        return 0.0

    async def close(self) -> None:
        """Forget everything."""
        self._tokens.clear()
        self._failures.clear()

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} tokens)"
