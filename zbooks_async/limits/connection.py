"""One ``redis.asyncio`` client shared by the limiter and the token store of a session.

``redis`` is an optional dependency (``pip install 'zbooks_async[redis]'``); it is imported only
when a Redis-backed limiter or token store is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigurationError, TransportError

if TYPE_CHECKING:
    from redis.asyncio import Redis

KEY_PREFIX = "zbooks"
"""The default prefix of every Redis key zbooks_async writes."""
SOCKET_TIMEOUT = 2.0
"""Seconds a client built from ``redis_url`` waits for Redis to answer one command."""
CONNECT_TIMEOUT = 2.0
"""Seconds a client built from ``redis_url`` waits for a connection to Redis to open."""


class RedisConnection:
    """A Redis client and who closes it.

    A client the caller passed in is never closed here. One opened from a URL is closed when
    the last user (limiter, token store) releases it.
    """

    def __init__(self, client: Redis, *, owned: bool) -> None:
        self.client = client
        self._owned = owned
        self._users = 0
        self._closed = False

    @classmethod
    def open(cls, url: str) -> RedisConnection:
        """A connection to ``url`` (``redis://host:port/db``), owned by this object.

        Its commands time out after :data:`SOCKET_TIMEOUT` seconds and its connections after
        :data:`CONNECT_TIMEOUT` (override with ``?socket_timeout=5&socket_connect_timeout=5``
        in the URL), so a Redis that stops answering fails calls instead of hanging them.
        """
        try:
            from redis.asyncio import Redis
        except ImportError:  # pragma: no cover - depends on the environment
            raise ConfigurationError(
                "redis_url= needs the redis package: pip install 'zbooks_async[redis]'"
            ) from None
        try:
            client = Redis.from_url(
                url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=CONNECT_TIMEOUT
            )
        except ValueError as exc:
            raise ConfigurationError(f"redis_url is not a Redis URL: {exc}") from None
        return cls(client, owned=True)

    @classmethod
    def of(cls, redis: Redis | RedisConnection) -> RedisConnection:
        """Wrap a caller's client (never closed here), or pass a connection through."""
        if isinstance(redis, RedisConnection):
            return redis
        return cls(redis, owned=False)

    def share(self) -> RedisConnection:
        """Count one more user; each calls :meth:`release` once when done."""
        self._users += 1
        return self

    async def release(self) -> None:
        """One user is done; close the client after the last one if this object opened it."""
        self._users -= 1
        if self._users <= 0 and self._owned and not self._closed:
            self._closed = True
            await self.client.aclose()


def unreachable(what: str, exc: Exception) -> TransportError:
    """The error raised when Redis cannot be used: nothing was sent to Zoho."""
    return TransportError(
        f"the shared {what} could not use Redis: {type(exc).__name__}: {exc}",
        may_have_reached_server=False,
    )
