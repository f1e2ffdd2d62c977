"""A limiter shared through Redis: every process on that Redis counts against one set of limits.

Each organization has three keys (one hash slot, ``{org}``): a sorted set of the requests that
count in the rolling window (scored by when they stop counting), a sorted set of the requests
in flight (scored by when their lease ends), and a hash with the pause, the day and its count.
Every decision is one Lua script, run atomically by Redis on Redis's own clock, so processes on
different machines agree on time and two processes can never both take the last slot.

A request in flight holds a lease that this process renews while it runs; the slots of a
process that died come back when their lease ends.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import uuid
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from redis.exceptions import RedisError

from ..errors import TransportError
from .base import RateLimit
from .connection import KEY_PREFIX, RedisConnection, unreachable
from .queue import QueuedLimiter, Refusal, Verdict

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

logger = logging.getLogger("zbooks_async.limits")
T = TypeVar("T")

_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function keep_for_last(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then
    redis.call('PEXPIRE', key, math.floor((tonumber(last[2]) - now) / 1000) + 1000)
  end
end
"""

# Times are integer microseconds of Redis's clock. Replies: {0, 0} admitted; {1, wait} paused;
# {2, wait} day spent; {3, 0} in-flight cap reached (wait for a release); {4, wait} window full.
_ACQUIRE = (
    _NOW
    + """
local member = ARGV[1]
local requests = tonumber(ARGV[2])
local concurrency = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local lease = tonumber(ARGV[5])
local daily = tonumber(ARGV[6])
local day_length = tonumber(ARGV[7])

local state = redis.call('HMGET', KEYS[3], 'paused_until', 'day', 'used', 'spent')
local paused_until = tonumber(state[1] or '0')
if paused_until > now then
  return {1, paused_until - now}
end
local day = math.floor(now / day_length)
if tonumber(state[2] or '-1') == day then
  if state[4] == '1' or (daily > 0 and tonumber(state[3] or '0') >= daily) then
    return {2, (day + 1) * day_length - now}
  end
else
  redis.call('HSET', KEYS[3], 'day', string.format('%d', day), 'used', 0, 'spent', 0)
end

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= concurrency then
  return {3, 0}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= requests then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  if oldest > now + window then
    return {3, 0}  -- every place is held by a request still running
  end
  return {4, oldest - now}
end

redis.call('ZADD', KEYS[2], now + lease, member)
redis.call('ZADD', KEYS[1], now + lease + window, member)
redis.call('HINCRBY', KEYS[3], 'used', 1)
keep_for_last(KEYS[1])
keep_for_last(KEYS[2])
redis.call('PEXPIRE', KEYS[3], math.floor(day_length / 1000) + 60000)
return {0, 0}
"""
)

# The request is over: it leaves the in-flight set and counts in the window until one window
# after now.
_RELEASE = (
    _NOW
    + """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
keep_for_last(KEYS[1])
return 0
"""
)

# Extend the leases of requests still in flight (ARGV[3..]); finished ones are left alone.
_RENEW = (
    _NOW
    + """
local lease = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for i = 3, #ARGV do
  if redis.call('ZSCORE', KEYS[2], ARGV[i]) then
    redis.call('ZADD', KEYS[2], now + lease, ARGV[i])
    redis.call('ZADD', KEYS[1], now + lease + window, ARGV[i])
  end
end
keep_for_last(KEYS[1])
keep_for_last(KEYS[2])
return 0
"""
)

# Pause the organization for ARGV[1] microseconds (0: no pause) and, if ARGV[2] is '1', mark
# today's budget spent.
_THROTTLE = (
    _NOW
    + """
local pause = tonumber(ARGV[1])
local day_length = tonumber(ARGV[3])
if pause > 0 then
  local current = tonumber(redis.call('HGET', KEYS[1], 'paused_until') or '0')
  if now + pause > current then
    redis.call('HSET', KEYS[1], 'paused_until', string.format('%d', now + pause))
  end
end
if ARGV[2] == '1' then
  local day = math.floor(now / day_length)
  if tonumber(redis.call('HGET', KEYS[1], 'day') or '-1') ~= day then
    redis.call('HSET', KEYS[1], 'day', string.format('%d', day), 'used', 0)
  end
  redis.call('HSET', KEYS[1], 'spent', 1)
end
redis.call('PEXPIRE', KEYS[1], math.floor(day_length / 1000) + 60000)
return 0
"""
)


def _us(seconds: float) -> int:
    return round(seconds * 1_000_000)


class RedisLimiter(QueuedLimiter):
    """Admits requests so that every process sharing ``redis`` together stays within ``limit``.

    ``RedisLimiter(RateLimit(), redis.asyncio.Redis.from_url("redis://127.0.0.1:6379/0"))``.
    Within a process waiters are served first come, first served. ``lease`` is how long a slot
    of a process that stopped answering stays taken; ``release_poll`` is how often a waiter
    looks for slots freed by other processes while the in-flight cap is reached. A caller's
    client is never closed here. Redis failures raise ``TransportError`` (nothing reached Zoho).
    """

    def __init__(
        self,
        limit: RateLimit,
        redis: Redis | RedisConnection,
        *,
        key_prefix: str = KEY_PREFIX,
        lease: float = 60.0,
        release_poll: float = 0.01,
    ) -> None:
        if lease <= 0 or release_poll <= 0:
            raise ValueError("lease and release_poll must be positive")
        super().__init__(limit, clock=time.monotonic, release_poll=release_poll)
        self._connection = RedisConnection.of(redis).share()
        client = self._connection.client
        self._acquire: AsyncScript = client.register_script(_ACQUIRE)
        self._release: AsyncScript = client.register_script(_RELEASE)
        self._renew: AsyncScript = client.register_script(_RENEW)
        self._throttle: AsyncScript = client.register_script(_THROTTLE)
        self._prefix = key_prefix
        self._lease = lease
        self._process = uuid.uuid4().hex[:16]
        self._tickets = itertools.count()
        self._keys: dict[str, list[str]] = {}
        self._held: dict[str, set[str]] = {}
        self._renewer: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._pending: set[asyncio.Future[Any]] = set()
        self._closed = False

    def _keys_of(self, organization_id: str) -> list[str]:
        keys = self._keys.get(organization_id)
        if keys is None:
            base = f"{self._prefix}:limits:{{{organization_id}}}"
            keys = self._keys[organization_id] = [
                f"{base}:window",
                f"{base}:in-flight",
                f"{base}:state",
            ]
        return keys

    async def _run(self, script: AsyncScript, keys: Sequence[str], args: Sequence[Any]) -> Any:
        try:
            return await script(keys=keys, args=args)
        except (RedisError, OSError) as exc:
            raise unreachable("rate limiter", exc) from exc

    async def _ask(self, organization_id: str) -> Verdict:
        limit = self.limit
        member = f"{self._process}:{next(self._tickets)}"
        args = (
            member,
            limit.requests,
            limit.concurrency,
            _us(limit.window),
            _us(self._lease),
            limit.daily or 0,
            _us(limit.day),
        )
        call = self._tracked(self._take(organization_id, member, args))
        try:
            answer = await asyncio.shield(call)
        except asyncio.CancelledError:
            # The script may have taken the slot anyway: give it back once Redis has answered.
            self._in_background(self._give_back_if_taken(call, organization_id, member))
            raise
        status, wait = int(answer[0]), int(answer[1]) / 1_000_000
        if status == 0:
            return Verdict(ticket=member)
        if status == 1:
            return Verdict(refusal=Refusal.PAUSED, wait=wait)
        if status == 2:
            return Verdict(refusal=Refusal.DAY_SPENT, wait=wait)
        if status == 3:
            return Verdict(refusal=Refusal.IN_FLIGHT)
        return Verdict(refusal=Refusal.WINDOW, wait=wait)

    async def _take(
        self, organization_id: str, member: str, args: Sequence[Any]
    ) -> Sequence[int]:
        answer: Sequence[int] = await self._run(
            self._acquire, self._keys_of(organization_id), args
        )
        if int(answer[0]) == 0:
            # Held from the moment Redis granted it, even if the caller is gone: close()
            # gives back every slot still held.
            self._hold(organization_id, member)
        return answer

    def _tracked(self, work: Awaitable[T]) -> asyncio.Future[T]:
        # A Redis call in progress: close() waits for it before letting go of the client.
        call = asyncio.ensure_future(work)
        self._pending.add(call)
        call.add_done_callback(self._pending.discard)
        return call

    async def _give_back_if_taken(
        self, call: Awaitable[Sequence[int]], organization_id: str, member: str
    ) -> None:
        status, _ = await call
        if int(status) == 0:
            await self._give_back(organization_id, member)

    async def _give_back(self, organization_id: str, ticket: object) -> None:
        if self._closed:
            return  # close() gives back every slot still held
        member = str(ticket)
        held = self._held.get(organization_id)
        if held is not None:
            held.discard(member)
        call = self._tracked(
            self._run(
                self._release, self._keys_of(organization_id), (member, _us(self.limit.window))
            )
        )
        try:
            await asyncio.shield(call)
        except asyncio.CancelledError:
            self._in_background(call)
            raise
        except TransportError as exc:
            # The request itself is over; its slot comes back when the lease ends.
            logger.warning("could not give a rate-limit slot back (%s); its lease will end", exc)

    def _hold(self, organization_id: str, member: str) -> None:
        self._held.setdefault(organization_id, set()).add(member)
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.ensure_future(self._renew_leases())

    async def _renew_leases(self) -> None:
        while any(self._held.values()):
            await asyncio.sleep(self._lease / 3)
            for organization_id, members in list(self._held.items()):
                if not members:
                    continue
                args = (_us(self._lease), _us(self.limit.window), *members)
                try:
                    await self._run(self._renew, self._keys_of(organization_id), args)
                except TransportError as exc:
                    logger.warning("could not renew rate-limit leases: %s", exc)

    async def _pause(self, organization_id: str, seconds: float) -> None:
        state_key = self._keys_of(organization_id)[2]
        await self._run(self._throttle, [state_key], (_us(seconds), "0", _us(self.limit.day)))

    async def _spend_day(self, organization_id: str) -> None:
        state_key = self._keys_of(organization_id)[2]
        await self._run(self._throttle, [state_key], (0, "1", _us(self.limit.day)))

    def _in_background(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("rate-limit bookkeeping failed: %s", task.exception())

    async def close(self) -> None:
        """Finish pending bookkeeping, give back the slots still held, stop renewing leases
        and let go of Redis.

        The slots of calls still running (or cancelled by the session's close and not yet
        unwound) are given back here, before the client closes: other processes share them.
        """
        if self._closed:
            return
        self._closed = True
        while self._background or self._pending:
            await asyncio.gather(*self._background, *self._pending, return_exceptions=True)
        if self._renewer is not None:
            self._renewer.cancel()
            await asyncio.gather(self._renewer, return_exceptions=True)
        held, self._held = self._held, {}
        window = _us(self.limit.window)
        releases = [
            self._run(self._release, self._keys_of(organization_id), (member, window))
            for organization_id, members in held.items()
            for member in members
        ]
        for failure in await asyncio.gather(*releases, return_exceptions=True):
            if isinstance(failure, Exception):
                logger.warning("could not give a rate-limit slot back (%s); its lease will end", failure)
        await super().close()
        await self._connection.release()
