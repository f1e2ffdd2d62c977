"""The Redis-backed limiter: every process sharing a Redis shares the organization's limits.

Per organization, two keys (in one Redis Cluster hash slot, ``{org}``): a sorted set of the
requests that count in the rolling window, scored by when they stop counting (a request in
flight by its lease's end plus the window, so the set also says which are in flight), and a
hash with the pause, Zoho's daily budget, the configured daily count and the fingerprint of the
``RateLimit`` the processes count with. Every decision is one Lua script, run atomically by
Redis on Redis's own clock, so processes on different machines agree on time and two processes
can never both take the last slot.

Slots come in batches: when several callers of this process wait for an organization, one
script grants up to :data:`MOST_AT_ONCE` slots at once (never more than the window, the
in-flight cap and the daily budgets have room for), and the waiters take them in turn without
another round trip. A granted slot counts in Redis from the moment it was granted, as a request
in flight, whether or not it is used yet, so a batch never lets more through than slots taken
one by one would. A slot not taken within :data:`SPARE_TTL` seconds of its request to Redis, or
left over when nobody waits any more (a waiter cancelled, or a 429 paused the organization), is
given back unused and stops counting at once.

One round trip per batch: a finished request's release (and the budget its answer stated) is
not sent on its own but carried by this process's next acquire for the organization, or
flushed within a few milliseconds if none comes, and on close. Until then the slot stays
counted, so a late release can only make the limiter stricter, never looser.

A request in flight holds a lease that this process renews while it runs; the slots of a
process that died come back when their lease ends.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from redis.exceptions import RedisError

from ..errors import ConfigurationError, TransportError
from .base import RateLimit
from .budget import FEW_LEFT, READ_EVERY, Budget, BudgetHeaders, budget_headers
from .connection import KEY_PREFIX, RedisConnection, unreachable
from .queue import NOT_NOW, QueuedLimiter, Refusal, Verdict

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

logger = logging.getLogger("zbooks_async.limits")
T = TypeVar("T")

_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function num(value, default)
  if value == false or value == nil or value == '' then return default end
  return tonumber(value)
end
local function int(value)
  return string.format('%d', value)
end
"""

# Times are integer microseconds of Redis's clock (epoch time). KEYS: 1 the window (a sorted set
# of every slot that counts, scored by when it stops counting: a slot granted and not yet given
# back scores its lease's end plus the window, so those scoring past now + window are the ones
# in flight), 2 the state (a hash: pause, Zoho's budget, the configured daily count, the
# fingerprint of the RateLimit counting, and until when the keys' expiries hold). ARGV: 1 mode
# ('a' acquire, 'f' only flush), 2 the members' prefix, 3 the first member's number, 4 how many
# slots are wanted (the batch: members prefix..first, prefix..first+1, ...), 5 the limits as
# 'requests concurrency window lease daily day' (daily 0: none; one string, as every argument
# costs the client an encoding), 6 fingerprint, 7 observed budget ('' or 'limit,left,reset'),
# 8 how many of the members given back were never used, 9.. the members given back (the unused
# ones first: they stop counting now; the others, finished requests, a window from now).
# Replies: {0, 0, granted} admitted (granted slots: 1 to the number wanted; or flushed);
# {1, wait} paused; {2, wait} Zoho's budget spent; {3, 0} in-flight cap reached (wait for a
# release); {4, wait} window full; {5, 0, theirs} another RateLimit counts this organization;
# {6, wait} the configured daily budget spent.
#
# Only what changed is written: an admission is one ZADD (and a count down of a known budget);
# a release one ZADD; the fingerprint and the keys' expiries are written again only when half
# their time has passed; a budget only when an answer stated one.
_SLOT = (
    _NOW
    + """
local requests, concurrency, window, lease, daily, day_length =
  string.match(ARGV[5], '^(%d+) (%d+) (%d+) (%d+) (%d+) (%d+)$')
requests, concurrency, window = tonumber(requests), tonumber(concurrency), tonumber(window)
lease, daily, day_length = tonumber(lease), tonumber(daily), tonumber(day_length)
local span = lease + window  -- the longest a member added now keeps counting

local state = redis.call('HMGET', KEYS[2], 'paused_until', 'z_limit', 'z_left', 'z_renews',
  'cap_used', 'cap_ends', 'fp', 'renewed')
-- When the fingerprint and the keys' expiries were last written: again once half a span passed.
local renewed = num(state[8], 0)
local keep = renewed + span / 2 < now
-- Another RateLimit counts here until a span after it last wrote its fingerprint.
local fingerprint = state[7]
local ours = fingerprint == ARGV[6] or not fingerprint or renewed + span <= now
if not ours then
  keep = false  -- theirs to write
elseif fingerprint ~= ARGV[6] then
  keep = true  -- ours from now on
end

local fresh = false  -- the window's key may be new: give it its expiry
local releases = #ARGV - 8
local last_unused = 8 + tonumber(ARGV[8])
local function given_back(pairs)
  -- Appends the members given back to a ZADD's pairs.
  for i = 9, #ARGV do
    if i <= last_unused then
      pairs[#pairs + 1] = now  -- never used: stops counting now
    else
      pairs[#pairs + 1] = now + window
    end
    pairs[#pairs + 1] = ARGV[i]
  end
  return pairs
end
local function release()
  -- One ZADD for all; a member it adds again (its lease had long ended) means the key may
  -- have been gone.
  if releases > 0 then
    if redis.call('ZADD', KEYS[1], unpack(given_back({}))) > 0 then fresh = true end
    releases = 0
  end
end

local z_limit, z_left, z_renews = num(state[2], nil), num(state[3], nil), num(state[4], nil)
local cap_ends = num(state[6], -1)

if ARGV[7] ~= '' then
  local seen_limit, seen_left, seen_reset = string.match(ARGV[7], '^(%d*),(%d+),(%d+)$')
  seen_left = tonumber(seen_left)
  local renews = now + math.min(tonumber(seen_reset), day_length)
  seen_limit = num(seen_limit, nil)
  if z_renews == nil or now >= z_renews or renews > z_renews + day_length / 2
      or (seen_limit ~= nil and seen_limit ~= z_limit) or z_left == nil then
    z_left = seen_left
  else
    z_left = math.min(z_left, seen_left)
  end
  if seen_limit ~= nil then
    z_limit = seen_limit
    redis.call('HSET', KEYS[2], 'z_limit', int(z_limit))
  end
  z_renews = renews
  redis.call('HSET', KEYS[2], 'z_left', int(z_left), 'z_renews', int(renews), 'z_seen', int(now))
  if daily > 0 and cap_ends > now then
    cap_ends = renews
    redis.call('HSET', KEYS[2], 'cap_ends', int(renews))
  end
  keep = true
end

local function kept()
  -- Written at t, the window's key lives until t + 2 span: what is added before the next
  -- writing (t + span / 2) scores t + 1.5 span at most. The state lives a day (the budget) at
  -- least. Slots that no longer count leave the window then too (counts skip them).
  if keep then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  end
  if keep or fresh then
    redis.call('PEXPIRE', KEYS[1], math.floor(2 * span / 1000) + 1000)
  end
  if keep then
    if ours then
      redis.call('HSET', KEYS[2], 'fp', ARGV[6], 'renewed', int(now))
    end
    redis.call('PEXPIRE', KEYS[2], math.floor(math.max(day_length, 2 * span) / 1000) + 60000)
  end
end

if ARGV[1] == 'f' then
  release()
  kept()
  return {0, 0, 0}
end

if not ours then
  release()
  kept()
  return {5, 0, fingerprint}
end

local function refuse(status, wait)
  release()
  kept()
  return {status, wait}
end

local paused_until = num(state[1], 0)
if paused_until > now then
  return refuse(1, paused_until - now)
end
if z_renews ~= nil then
  if now >= z_renews then
    z_renews = nil
    if z_limit ~= nil then
      z_left = z_limit
      redis.call('HSET', KEYS[2], 'z_left', int(z_limit))
    else
      z_left = nil
      redis.call('HDEL', KEYS[2], 'z_left')
    end
    redis.call('HDEL', KEYS[2], 'z_renews')
  elseif z_left ~= nil and z_left <= 0 then
    return refuse(2, z_renews - now)
  end
end
local wanted = tonumber(ARGV[4])
if daily > 0 then
  local used = num(state[5], 0)
  if now >= cap_ends then
    cap_ends = z_renews or (now + day_length)
    redis.call('HSET', KEYS[2], 'cap_used', 0, 'cap_ends', int(cap_ends))
    used = 0
  elseif used >= daily then
    return refuse(6, cap_ends - now)
  end
  wanted = math.min(wanted, daily - used)
end
if z_left ~= nil and z_left >= 1 then
  wanted = math.min(wanted, z_left)
end

-- Scores are whole microseconds: "more than t" is "at least t + 1" (a number, sent exactly).
local in_flight_from = now + window + 1
-- Counted before the releases: they only lower the in-flight count, and keep counting in the
-- window (a release of a member long gone may add one: allowed for below).
local counted = redis.call('ZCOUNT', KEYS[1], now + 1, '+inf')
local in_flight = 0
if counted + wanted > concurrency then  -- fewer counted than that: fewer in flight too
  in_flight = redis.call('ZCOUNT', KEYS[1], in_flight_from, '+inf')
end
if in_flight + wanted > concurrency or counted + releases + wanted > requests then
  -- Near a limit: give back first, then count exactly, and grant what there is room for.
  release()
  counted = redis.call('ZCOUNT', KEYS[1], now + 1, '+inf')
  in_flight = redis.call('ZCOUNT', KEYS[1], in_flight_from, '+inf')
  if in_flight >= concurrency then
    return refuse(3, 0)
  end
  if counted >= requests then
    local oldest = tonumber(redis.call('ZRANGEBYSCORE', KEYS[1], now + 1, '+inf',
      'WITHSCORES', 'LIMIT', 0, 1)[2])
    if oldest > now + window then
      return refuse(3, 0)  -- every place is held by a slot not given back yet
    end
    return refuse(4, oldest - now)
  end
  wanted = math.min(wanted, concurrency - in_flight, requests - counted)
end

-- Admitted: the new members and the releases in one ZADD.
local prefix, first = ARGV[2], tonumber(ARGV[3])
local added
if wanted == 1 and releases == 0 then
  added = redis.call('ZADD', KEYS[1], now + span, prefix .. ARGV[3])
else
  local pairs = {}
  for i = 0, wanted - 1 do
    pairs[#pairs + 1] = now + span
    pairs[#pairs + 1] = prefix .. string.format('%d', first + i)
  end
  if releases > 0 then  -- not given back above already
    given_back(pairs)
  end
  added = redis.call('ZADD', KEYS[1], unpack(pairs))
end
if counted == 0 or added > wanted then
  fresh = true  -- the window was empty (its key may be new), or a release added a member again
end
if daily > 0 then
  redis.call('HINCRBY', KEYS[2], 'cap_used', wanted)
end
if z_left ~= nil then
  redis.call('HINCRBY', KEYS[2], 'z_left', -wanted)
end
kept()
return {0, 0, wanted}
"""
)

# Extend the leases of requests still in flight (ARGV[3..]); finished ones are left alone.
_RENEW = (
    _NOW
    + """
local lease = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for i = 3, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) > now + window then  -- still in flight (not yet released)
    redis.call('ZADD', KEYS[1], now + lease + window, ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], math.floor(2 * (lease + window) / 1000) + 1000)
return 0
"""
)

# Pause the organization for ARGV[1] microseconds (0: no pause; never more than ARGV[4]) and,
# if ARGV[2] is '1', mark Zoho's budget spent until it renews (a day from now at the latest).
_THROTTLE = (
    _NOW
    + """
local pause = math.min(tonumber(ARGV[1]), tonumber(ARGV[4]))
local day_length = tonumber(ARGV[3])
if pause > 0 then
  local current = num(redis.call('HGET', KEYS[1], 'paused_until'), 0)
  if now + pause > current then
    redis.call('HSET', KEYS[1], 'paused_until', int(now + pause))
  end
end
if ARGV[2] == '1' then
  local renews = num(redis.call('HGET', KEYS[1], 'z_renews'), nil)
  if renews == nil or renews <= now then
    redis.call('HSET', KEYS[1], 'z_renews', int(now + day_length))
  end
  redis.call('HSET', KEYS[1], 'z_left', 0)
end
redis.call('PEXPIRE', KEYS[1], math.floor(day_length / 1000) + 60000)
return 0
"""
)

# The budget as stored: {now, z_limit, z_left, z_renews, z_seen, cap_used, cap_ends}.
_BUDGET = (
    _NOW
    + """
local state = redis.call('HMGET', KEYS[1], 'z_limit', 'z_left', 'z_renews', 'z_seen',
  'cap_used', 'cap_ends')
return {int(now), state[1] or '', state[2] or '', state[3] or '', state[4] or '',
  state[5] or '', state[6] or ''}
"""
)


MOST_AT_ONCE = 16
"""The most slots one script grants at once (when as many callers of this process wait)."""
SPARE_TTL = 0.1
"""Seconds a granted slot may wait for a caller, from when it was asked of Redis: past that it
is given back unused (as are spares nobody waits for any more)."""


def _us(seconds: float) -> int:
    return round(seconds * 1_000_000)


class RedisLimiter(QueuedLimiter):
    """Admits requests so that every process sharing ``redis`` together stays within ``limit``.

    ``RedisLimiter(RateLimit(), redis.asyncio.Redis.from_url("redis://127.0.0.1:6379/0"))``.
    Within a process waiters are served first come, first served. ``lease`` is how long a slot
    of a process that stopped answering stays taken; ``release_poll`` is how often a waiter
    looks for slots freed by other processes while the in-flight cap is reached;
    ``flush_delay`` is how long a finished request's release may wait to ride on the next
    acquire before it is sent alone. A caller's client is never closed here. Redis failures
    raise ``TransportError`` (nothing reached Zoho). Every process counting an organization
    through one Redis must use the same ``RateLimit``: a process with another one gets
    ``ConfigurationError`` on its first call.
    """

    def __init__(
        self,
        limit: RateLimit,
        redis: Redis | RedisConnection,
        *,
        key_prefix: str = KEY_PREFIX,
        lease: float = 60.0,
        release_poll: float = 0.01,
        flush_delay: float = 0.005,
    ) -> None:
        if not 0 < lease < float("inf") or not 0 < release_poll < float("inf"):
            raise ValueError("lease and release_poll must be positive numbers of seconds")
        if not 0 <= flush_delay < float("inf"):
            raise ValueError("flush_delay must be a number of seconds, 0 or more")
        super().__init__(limit, clock=time.monotonic, release_poll=release_poll)
        self._connection = RedisConnection.of(redis).share()
        client = self._connection.client
        self._slot_script: AsyncScript = client.register_script(_SLOT)
        self._renew: AsyncScript = client.register_script(_RENEW)
        self._throttle: AsyncScript = client.register_script(_THROTTLE)
        self._budget: AsyncScript = client.register_script(_BUDGET)
        self._prefix = key_prefix
        self._lease = lease
        self._flush_delay = flush_delay
        self._limits = (
            f"{limit.requests} {limit.concurrency} {_us(limit.window)} {_us(lease)} "
            f"{limit.daily or 0} {_us(limit.day)}"
        )
        self._members = f"{uuid.uuid4().hex[:16]}:"  # this process's members: prefix + number
        self._next_member = 0
        self._keys: dict[str, list[str]] = {}
        self._held: dict[str, set[str]] = {}  # granted and not given back (spares too)
        # Granted slots no caller took yet, oldest first, with when they must be given back.
        self._spares: dict[str, deque[tuple[str, float]]] = {}
        self._spare_timer: asyncio.TimerHandle | None = None
        # Finished requests and spares given back, not yet told to Redis, and the last budget
        # an answer stated.
        self._releases: dict[str, list[str]] = {}
        self._unused: dict[str, list[str]] = {}
        self._seen: dict[str, tuple[BudgetHeaders, float]] = {}
        # The newest answer's headers not read yet, and when the headers were last read
        # (absent: read the next answer's at once; see observe_headers).
        self._unread: dict[str, Mapping[str, str]] = {}
        self._last_reading: dict[str, float] = {}
        self._flush_timer: asyncio.TimerHandle | None = None
        self._asking: set[str] = set()  # organizations with an acquire on its way to Redis
        self._renewer: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Future[Any]] = set()
        self._closed = False

    def _keys_of(self, organization_id: str) -> list[str]:
        keys = self._keys.get(organization_id)
        if keys is None:
            base = f"{self._prefix}:limits:{{{organization_id}}}"
            keys = self._keys[organization_id] = [f"{base}:window", f"{base}:state"]
        return keys

    async def _run(self, script: AsyncScript, keys: Sequence[str], args: Sequence[Any]) -> Any:
        try:
            return await script(keys=keys, args=args)
        except (RedisError, OSError) as exc:
            raise unreachable("rate limiter", exc) from exc

    def _slot_args(
        self, mode: str, organization_id: str, first: int = 0, wanted: int = 0
    ) -> list[str]:
        """The arguments of one slot script, taking the organization's unsent bookkeeping."""
        if organization_id in self._unread:
            now = time.monotonic()
            if self._reading_due(organization_id, now):
                self._read(organization_id, now)
        unused = self._unused.pop(organization_id, ())
        releases = self._releases.pop(organization_id, ())
        seen = self._seen.pop(organization_id, None)
        observed = ""
        if seen is not None:
            budget, at = seen
            reset = max(0.0, min(budget.reset, self.limit.day) - (time.monotonic() - at))
            limit_text = "" if budget.limit is None else str(budget.limit)
            observed = f"{limit_text},{budget.remaining},{_us(reset)}"
        return [
            mode, self._members, str(first), str(wanted), self._limits, self.limit.fingerprint,
            observed, str(len(unused)), *unused, *releases,
        ]  # fmt: skip

    def _unsent(self, organization_id: str, args: Sequence[str]) -> None:
        """A slot script failed: keep its bookkeeping for the next one (it is idempotent)."""
        unused = int(args[7])
        if unused:
            self._unused.setdefault(organization_id, [])[:0] = args[8 : 8 + unused]
        releases = list(args[8 + unused :])
        if releases:
            self._releases.setdefault(organization_id, [])[:0] = releases

    def _take_now(self, organization_id: str) -> object:
        # Nobody of this process waits for the organization: a spare slot is anyone's.
        member = self._spare(organization_id)
        return NOT_NOW if member is None else member

    def _spare(self, organization_id: str) -> str | None:
        """The oldest spare slot still good to use; the expired ones are given back."""
        spares = self._spares.get(organization_id)
        if not spares:
            return None
        now = self._clock()
        while spares:
            member, until = spares.popleft()
            if now < until:
                return member
            self._drop(organization_id, member)
        return None

    def _drop(self, organization_id: str, member: str) -> None:
        """Give back a granted slot no request used: it stops counting when Redis hears."""
        held = self._held.get(organization_id)
        if held is not None:
            held.discard(member)
        self._unused.setdefault(organization_id, []).append(member)
        self._flush_soon()

    def _drop_spares(self, organization_id: str) -> None:
        for member, _ in self._spares.pop(organization_id, ()):
            self._drop(organization_id, member)

    def _check_spares(self) -> None:
        """Give back the spares that expired, or that nobody of this process waits for."""
        self._spare_timer = None
        if self._closed:
            return
        now = self._clock()
        for organization_id, spares in list(self._spares.items()):
            queue = self._queues.get(organization_id)
            if queue is None or not queue.waiting:
                self._drop_spares(organization_id)
                continue
            while spares and spares[0][1] <= now:
                self._drop(organization_id, spares.popleft()[0])
            if not spares:
                del self._spares[organization_id]
        if self._spares:
            self._check_spares_later()

    def _check_spares_later(self) -> None:
        if self._spare_timer is None:
            loop = asyncio.get_running_loop()
            self._spare_timer = loop.call_later(SPARE_TTL, self._check_spares)

    async def _ask(self, organization_id: str) -> Verdict:
        while True:
            member = self._spare(organization_id)
            if member is not None:
                return Verdict(ticket=member)
            queue = self._queues.get(organization_id)
            wanted = max(1, min(MOST_AT_ONCE, queue.waiting if queue is not None else 1))
            first = self._next_member
            self._next_member += wanted
            args = self._slot_args("a", organization_id, first, wanted)
            until = self._clock() + SPARE_TTL
            # Shielded: if this caller is cancelled, the slots Redis grants are spares all the
            # same, taken by the next waiter or given back.
            answer = await asyncio.shield(self._tracked(self._take(organization_id, args, until)))
            status, wait = int(answer[0]), int(answer[1]) / 1_000_000
            if status == 0:
                if self._closed:  # closing gave the slots back: let the call end as before
                    return Verdict(ticket=f"{self._members}{first}")
                continue  # granted: the slots are spares now, the first one is this caller's
            if status == 1:
                return Verdict(refusal=Refusal.PAUSED, wait=wait)
            if status == 2:
                return Verdict(refusal=Refusal.DAY_SPENT, wait=wait)
            if status == 3:
                return Verdict(refusal=Refusal.IN_FLIGHT)
            if status == 5:
                raise self._mismatch(organization_id, answer[2])
            if status == 6:
                return Verdict(refusal=Refusal.DAILY_CAP, wait=wait)
            return Verdict(refusal=Refusal.WINDOW, wait=wait)

    def _mismatch(self, organization_id: str, theirs: bytes | str) -> ConfigurationError:
        other = theirs.decode() if isinstance(theirs, bytes) else str(theirs)
        lapse = self.limit.window + self._lease
        return ConfigurationError(
            f"organization {organization_id} is already rate-limited through this Redis by "
            f"processes counting with RateLimit({other}); this one has "
            f"RateLimit({self.limit.fingerprint}). Processes sharing an organization through "
            "one Redis must use the same RateLimit, or they starve each other: give them all the "
            "same one (or a separate key_prefix=). The other setting lapses about "
            f"{lapse:.0f} s after its last request"
        )

    async def _take(
        self, organization_id: str, args: Sequence[str], until: float
    ) -> Sequence[Any]:
        self._asking.add(organization_id)
        try:
            answer: Sequence[Any] = await self._run(
                self._slot_script, self._keys_of(organization_id), args
            )
        except TransportError:
            self._unsent(organization_id, args)
            raise
        finally:
            self._asking.discard(organization_id)
        if int(answer[0]) == 0:
            # Held from the moment Redis granted them, even if the caller is gone: spares until
            # a caller takes them, and close() gives back every slot still held.
            first, granted = int(args[2]), int(answer[2])
            members = [f"{self._members}{first + n}" for n in range(granted)]
            if self._closed:
                self._unused.setdefault(organization_id, []).extend(members)
                return answer
            self._hold(organization_id, members)
            spares = self._spares.setdefault(organization_id, deque())
            spares.extend((member, until) for member in members)
            self._check_spares_later()
        return answer

    def _tracked(self, work: Awaitable[T]) -> asyncio.Future[T]:
        # A Redis call in progress: close() waits for it before letting go of the client.
        call = asyncio.ensure_future(work)
        self._pending.add(call)
        call.add_done_callback(self._pending.discard)
        return call

    def _give_back_now(self, organization_id: str, ticket: object) -> bool:
        if self._closed:
            return True  # close() gives back every slot still held
        member = str(ticket)
        held = self._held.get(organization_id)
        if held is not None:
            held.discard(member)
        self._releases.setdefault(organization_id, []).append(member)
        if organization_id in self._spares:
            queue = self._queues.get(organization_id)
            if queue is None or not queue.waiting:
                self._drop_spares(organization_id)  # nobody left to take them
        self._flush_soon()
        return True

    async def _give_back(self, organization_id: str, ticket: object) -> None:
        self._give_back_now(organization_id, ticket)

    def observe_headers(self, organization_id: str, headers: Mapping[str, str]) -> None:
        """Keep an answer's ``X-Rate-Limit-*`` headers; read them when the budget needs them.

        As the in-memory limiter does: an answer's headers are read at once when none were
        read yet, when the last reading left :data:`~zbooks_async.limits.budget.FEW_LEFT` calls
        or fewer, or :data:`~zbooks_async.limits.budget.READ_EVERY` seconds after the last
        reading; otherwise only the newest is kept, and read when that time comes (by the next
        admission, :meth:`budget` or :meth:`close`). In between, Redis counts the budget down
        with every admission of every process, so what skipping readings loses is only what
        other integrations spent within that second (and Zoho's code 45 still stops the
        organization at once).
        """
        if self._closed:
            return
        self._unread[organization_id] = headers
        now = time.monotonic()
        if self._reading_due(organization_id, now):
            self._read(organization_id, now)

    def _reading_due(self, organization_id: str, now: float) -> bool:
        last = self._last_reading.get(organization_id)
        return last is None or now - last >= READ_EVERY

    def _read(self, organization_id: str, now: float) -> None:
        """Read the organization's unread headers and keep what they say for Redis."""
        headers = self._unread.pop(organization_id)
        seen = budget_headers(headers)
        if seen is None or seen.remaining <= FEW_LEFT:
            self._last_reading.pop(organization_id, None)  # read the next answer's too
        else:
            self._last_reading[organization_id] = now
        if seen is not None:
            self.observe_budget(organization_id, seen)

    def observe_budget(self, organization_id: str, seen: BudgetHeaders) -> None:
        """Learn the daily budget an answer stated; it reaches Redis with the next script."""
        if self._closed:
            return
        now = time.monotonic()
        pending = self._seen.get(organization_id)
        if pending is not None:
            earlier, at = pending
            same_day = abs(seen.reset - (earlier.reset - (now - at))) < self.limit.day / 2
            if same_day and earlier.limit == seen.limit and earlier.remaining < seen.remaining:
                # Answers arrive out of order: within a day the lowest count is the latest.
                seen = attrs.evolve(seen, remaining=earlier.remaining)
        self._seen[organization_id] = (seen, now)
        self._flush_soon()

    def _flush_soon(self) -> None:
        if self._flush_timer is None:
            loop = asyncio.get_running_loop()
            self._flush_timer = loop.call_later(self._flush_delay, self._start_flush)

    def _start_flush(self) -> None:
        self._flush_timer = None
        waiting = {*self._releases, *self._unused, *self._seen}
        # An acquire on its way to Redis for an organization means another is likely to
        # follow at once: leave that organization's bookkeeping to it, and look again later.
        due = [organization_id for organization_id in waiting if organization_id not in self._asking]
        if len(due) < len(waiting):
            self._flush_soon()
        if due:
            self._tracked(self._flush(due))

    async def _flush(self, organizations: Sequence[str] | None = None) -> None:
        """Send the bookkeeping no acquire carried: one script per organization, all at once
        (a Redis that stopped answering then costs one timeout, not one per organization)."""
        sends = []
        for organization_id in list(organizations or {*self._releases, *self._unused, *self._seen}):
            if not self._unsent_bookkeeping(organization_id):
                continue  # an acquire carried it meanwhile
            args = self._slot_args("f", organization_id)
            sends.append(self._run(self._slot_script, self._keys_of(organization_id), args))
        for failure in await asyncio.gather(*sends, return_exceptions=True):
            if isinstance(failure, TransportError):
                # The requests are over; their slots come back when their leases end.
                logger.warning(
                    "could not give rate-limit slots back (%s); their leases will end", failure
                )
            elif isinstance(failure, BaseException):
                raise failure

    def _unsent_bookkeeping(self, organization_id: str) -> bool:
        return (
            organization_id in self._releases
            or organization_id in self._unused
            or organization_id in self._seen
        )

    def _hold(self, organization_id: str, members: Sequence[str]) -> None:
        self._held.setdefault(organization_id, set()).update(members)
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
        self._drop_spares(organization_id)  # granted before the pause: not to be used in it
        state_key = self._keys_of(organization_id)[1]
        args = (_us(seconds), "0", _us(self.limit.day), _us(self.limit.window))
        await self._run(self._throttle, [state_key], args)

    async def _spend_day(self, organization_id: str) -> None:
        self._drop_spares(organization_id)
        state_key = self._keys_of(organization_id)[1]
        await self._run(self._throttle, [state_key], (0, "1", _us(self.limit.day), 0))

    async def budget(self, organization_id: str) -> Budget:
        """The organization's daily budget as every process sharing this Redis knows it.

        This process's latest observation is sent first, so the answer includes it.
        """
        if organization_id in self._unread:
            self._read(organization_id, time.monotonic())
        if self._unsent_bookkeeping(organization_id):
            args = self._slot_args("f", organization_id)
            await self._run(self._slot_script, self._keys_of(organization_id), args)
        state_key = self._keys_of(organization_id)[1]
        raw = await self._run(self._budget, [state_key], ())
        now, limit, left, renews, seen, cap_used, cap_ends = (
            int(value) if value not in (b"", "") else None for value in raw
        )
        assert now is not None
        if renews is not None and now >= renews:
            left, renews = limit, None
        daily = self.limit.daily
        if daily is not None:
            counting = cap_ends is not None and now < cap_ends
            cap_left = daily - ((cap_used or 0) if counting else 0)
            if left is None or cap_left < left:
                left = cap_left
                if counting:
                    renews = cap_ends
            limit = limit if limit is not None else daily
        return Budget(
            limit=limit,
            remaining=left,
            renews_at=_moment(renews),
            observed_at=_moment(seen),
        )

    async def close(self) -> None:
        """Finish pending bookkeeping, give back the slots still held, stop renewing leases
        and let go of Redis.

        The slots of calls still running (or cancelled by the session's close and not yet
        unwound) are given back here, before the client closes: other processes share them.
        """
        if self._closed:
            return
        for organization_id in list(self._unread):  # the newest budget reaches Redis too
            self._read(organization_id, time.monotonic())
        self._closed = True
        for timer in (self._flush_timer, self._spare_timer):
            if timer is not None:
                timer.cancel()
        self._flush_timer = self._spare_timer = None
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        if self._renewer is not None:
            self._renewer.cancel()
            await asyncio.gather(self._renewer, return_exceptions=True)
        spares, self._spares = self._spares, {}
        for organization_id, members in spares.items():
            unused = [member for member, _ in members]
            self._held.get(organization_id, set()).difference_update(unused)
            self._unused.setdefault(organization_id, []).extend(unused)
        held, self._held = self._held, {}
        for organization_id, running in held.items():
            self._releases.setdefault(organization_id, []).extend(running)
        await self._flush()
        await super().close()
        await self._connection.release()


def _moment(microseconds: int | None) -> datetime | None:
    if microseconds is None:
        return None
    return datetime.fromtimestamp(microseconds / 1_000_000, UTC)
