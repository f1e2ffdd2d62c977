"""A token store in Redis: every process on that Redis uses one access token per refresh token
and mints it one process at a time.

Keys, under ``<prefix>:token:<key>`` (``key`` is a digest, never the refresh token itself): the
token record as JSON (expiring with the token), ``:lock`` (``SET NX PX`` with a random owner,
deleted only by its owner), ``:failure`` (the last failed mint's message, for a while) and
``:mints`` (when tokens were minted in the last 10 minutes, to keep under Zoho's cap).
The access token itself is stored in Redis: give that Redis the care you give the tokens.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TypeVar

from redis.exceptions import RedisError

from ..limits.connection import KEY_PREFIX, RedisConnection, unreachable
from .store import StoredToken

if TYPE_CHECKING:
    from redis.asyncio import Redis

T = TypeVar("T")

# Delete the key only if it still holds ARGV[1] (the lock's owner).
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

# Delete the token record only if it still holds the access token ARGV[1].
_DISCARD = """
local record = redis.call('GET', KEYS[1])
if record and cjson.decode(record)['access_token'] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


# Count a mint in the sorted set KEYS[1] unless ARGV[3] were counted in the last ARGV[2] s
# (times in epoch microseconds); answers 0, or the microseconds until one may be.
_RESERVE_MINT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return 0
"""


class RedisTokenStore:
    """Shares tokens, refresh locks and failures through ``redis`` (a ``redis.asyncio`` client).

    ``lock_timeout`` bounds how long a process that died while minting blocks the others;
    ``lock_poll`` is how often a waiting process tries the lock. Redis failures raise
    ``TransportError``. A client you pass in is never closed here.
    """

    def __init__(
        self,
        redis: Redis | RedisConnection,
        *,
        key_prefix: str = KEY_PREFIX,
        lock_timeout: float = 15.0,
        lock_poll: float = 0.02,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if lock_timeout <= 0 or lock_poll <= 0:
            raise ValueError("lock_timeout and lock_poll must be positive")
        self._connection = RedisConnection.of(redis).share()
        self._redis = self._connection.client
        self._unlock = self._redis.register_script(_UNLOCK)
        self._discard = self._redis.register_script(_DISCARD)
        self._reserve = self._redis.register_script(_RESERVE_MINT)
        self._prefix = key_prefix
        self._lock_timeout = lock_timeout
        self._lock_poll = lock_poll
        self._clock = clock
        self._closed = False

    def _key(self, key: str, suffix: str = "") -> str:
        return f"{self._prefix}:token:{key}{suffix}"

    async def _call(self, command: Awaitable[T]) -> T:
        try:
            return await command
        except (RedisError, OSError) as exc:
            raise unreachable("token store", exc) from exc

    async def get(self, key: str) -> StoredToken | None:
        """The stored token, if any and not expired."""
        raw = await self._call(self._redis.get(self._key(key)))
        if raw is None:
            return None
        token = StoredToken.from_json(raw)
        if token is None or token.expires_at <= self._clock():
            return None
        return token

    async def put(self, key: str, token: StoredToken) -> None:
        """Store ``token`` until it expires."""
        lifetime_ms = max(1, int((token.expires_at - self._clock()) * 1000))
        await self._call(self._redis.set(self._key(key), token.to_json(), px=lifetime_ms))

    async def discard(self, key: str, access_token: str) -> None:
        """Forget the stored token if it is still ``access_token`` (atomically)."""
        await self._call(self._discard(keys=[self._key(key)], args=[access_token]))

    @asynccontextmanager
    async def refresh_lock(self, key: str) -> AsyncIterator[None]:
        """Take the Redis lock for ``key``, waiting while another process holds it."""
        lock_key = self._key(key, ":lock")
        owner = uuid.uuid4().hex
        timeout_ms = int(self._lock_timeout * 1000)
        # Polled: the holder finishes within one token request, and a holder that died is
        # replaced when its lock expires.
        while True:
            if await self._call(self._redis.set(lock_key, owner, nx=True, px=timeout_ms)):
                break
            await asyncio.sleep(self._lock_poll)
        try:
            yield
        finally:
            unlock = asyncio.ensure_future(self._call(self._unlock(keys=[lock_key], args=[owner])))
            try:
                await asyncio.shield(unlock)
            except asyncio.CancelledError:
                await asyncio.gather(unlock, return_exceptions=True)
                raise

    async def failure(self, key: str) -> str | None:
        """The message of a failed mint recorded by any process, while it lasts."""
        raw = await self._call(self._redis.get(self._key(key, ":failure")))
        if raw is None:
            return None
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    async def record_failure(self, key: str, message: str, seconds: float) -> None:
        """Tell every process that minting failed, for ``seconds``."""
        await self._call(
            self._redis.set(self._key(key, ":failure"), message, px=max(1, int(seconds * 1000)))
        )

    async def reserve_mint(self, key: str, limit: int, window: float) -> float:
        """Count a mint for ``key`` across every process, unless ``limit`` were counted in the
        last ``window`` seconds; then return the seconds until one may be (atomically)."""
        now_us = int(self._clock() * 1_000_000)
        waited = await self._call(
            self._reserve(
                keys=[self._key(key, ":mints")],
                args=[now_us, int(window * 1_000_000), limit, uuid.uuid4().hex],
            )
        )
        return max(0.0, int(waited) / 1_000_000)

    async def close(self) -> None:
        """Let go of Redis (closed only if it was opened from a URL for this session)."""
        if not self._closed:
            self._closed = True
            await self._connection.release()

    def __repr__(self) -> str:
        return f"RedisTokenStore(key_prefix={self._prefix!r})"
