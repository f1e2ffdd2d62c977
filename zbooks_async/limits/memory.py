"""The in-process limiter: a rolling window, an in-flight cap and the daily budget per organization."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from .base import RateLimit
from .budget import FEW_LEFT, READ_EVERY, Budget, BudgetHeaders, budget_headers
from .queue import NOT_NOW, QueuedLimiter, Refusal, Verdict, _Queue

_GRANTED = Verdict()


class _Counters:
    """The counts of one organization. Only touched from the event loop's thread.

    Times are on the limiter's monotonic clock, except ``observed_wall`` (epoch seconds).
    """

    __slots__ = (
        "cap_ends",
        "cap_used",
        "done",
        "in_flight",
        "next_reading",
        "observed_wall",
        "paused_until",
        "queue",
        "renews",
        "unread",
        "zoho_left",
        "zoho_limit",
    )

    def __init__(self, queue: _Queue) -> None:
        # The organization's waiting line, so that the fast path looks up one thing, not two.
        self.queue = queue
        self.in_flight = 0
        # When each finished request stops counting in the window, oldest first. Requests
        # finish in time order, so appending keeps it sorted.
        self.done: deque[float] = deque()
        self.paused_until = 0.0
        # Zoho's budget, from its headers (or a code 45): calls left until ``renews``.
        self.zoho_limit: int | None = None
        self.zoho_left: int | None = None
        self.renews: float | None = None
        self.observed_wall: float | None = None
        # The configured RateLimit.daily: calls counted until ``cap_ends``.
        self.cap_used = 0
        self.cap_ends = -1.0
        # The latest answer's headers, not read yet, and when they must be read at the latest.
        self.unread: Mapping[str, str] | None = None
        self.next_reading = -math.inf


class InMemoryLimiter(QueuedLimiter):
    """Admits requests so that one process never exceeds Zoho's limits for an organization.

    Waiting callers are served first come, first served; a cancelled waiter takes nothing and a
    cancelled request gives its slot back. The daily budget follows Zoho's ``X-Rate-Limit-*``
    headers (see :meth:`observe_budget`); a configured ``RateLimit.daily`` counts too, over
    Zoho's budget day when the headers said when it renews, else over ``RateLimit.day`` seconds
    from the first request counted. ``clock`` (monotonic seconds) drives every decision;
    ``wall_clock`` (epoch seconds) only dates :meth:`budget` and errors. Use
    :class:`~zbooks_async.limits.redis_limiter.RedisLimiter` when several processes share an
    organization.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(limit, clock=clock, wall_clock=wall_clock)
        self._counters: dict[str, _Counters] = {}
        self._window = limit.window  # a property: worked out once, not on every answer

    def _state(self, organization_id: str) -> _Counters:
        counters = self._counters.get(organization_id)
        if counters is None:
            counters = self._counters[organization_id] = _Counters(self._queue(organization_id))
        return counters

    def take_now(self, organization_id: str) -> object:
        # QueuedLimiter.take_now, with the queue reached through the counters: this and
        # answered_now are all the limiter does for an uncontended call.
        state = self._counters.get(organization_id)
        if state is None:
            state = self._state(organization_id)
        if state.queue.waiting:
            return NOT_NOW
        return state if self._verdict(state) is _GRANTED else NOT_NOW

    def answered_now(
        self, organization_id: str, ticket: object, headers: Mapping[str, str] | None
    ) -> bool:
        if not isinstance(ticket, _Counters):
            return False
        ticket.in_flight -= 1
        ticket.done.append(self._clock() + self._window)
        if headers is not None:
            ticket.unread = headers  # observe_headers, without looking the counters up
        if ticket.queue.waiting:
            ticket.queue.released.set()
        return True

    def _take_now(self, organization_id: str) -> object:
        # The whole decision is a few counter updates: make it here, without the queue. The
        # ticket is the organization's counters, so giving it back looks nothing up.
        state = self._state(organization_id)
        return state if self._verdict(state) is _GRANTED else NOT_NOW

    async def _ask(self, organization_id: str) -> Verdict:
        state = self._state(organization_id)
        verdict = self._verdict(state)
        return Verdict(ticket=state) if verdict is _GRANTED else verdict

    def _verdict(self, state: _Counters) -> Verdict:
        limit = self.limit
        now = self._clock()
        if state.paused_until > now:
            return Verdict(refusal=Refusal.PAUSED, wait=state.paused_until - now)
        unread = state.unread
        if unread is not None and (
            now >= state.next_reading or state.zoho_left is None or state.zoho_left <= FEW_LEFT
        ):
            self._read(state, unread, now)
        if state.renews is not None:
            if now >= state.renews:  # Zoho's budget renewed: expect the full budget again
                state.zoho_left, state.renews = state.zoho_limit, None
            elif state.zoho_left is not None and state.zoho_left <= 0:
                return Verdict(refusal=Refusal.DAY_SPENT, wait=state.renews - now)
        if limit.daily is not None:
            if now >= state.cap_ends:
                state.cap_used = 0
                state.cap_ends = state.renews if state.renews is not None else now + limit.day
            elif state.cap_used >= limit.daily:
                return Verdict(refusal=Refusal.DAILY_CAP, wait=state.cap_ends - now)
        if state.in_flight >= limit.concurrency:
            return Verdict(refusal=Refusal.IN_FLIGHT)
        done = state.done
        while done and done[0] <= now:
            done.popleft()
        if state.in_flight + len(done) >= limit.requests:
            if not done:  # every place in the window is held by a request still running
                return Verdict(refusal=Refusal.IN_FLIGHT)
            return Verdict(refusal=Refusal.WINDOW, wait=done[0] - now)
        state.in_flight += 1
        if limit.daily is not None:
            state.cap_used += 1
        if state.zoho_left is not None:
            state.zoho_left -= 1
        return _GRANTED

    def _give_back_now(self, organization_id: str, ticket: object) -> bool:
        state = ticket if isinstance(ticket, _Counters) else self._state(organization_id)
        state.in_flight -= 1
        state.done.append(self._clock() + self._window)
        return True

    async def _give_back(self, organization_id: str, ticket: object) -> None:
        self._give_back_now(organization_id, ticket)

    async def _pause(self, organization_id: str, seconds: float) -> None:
        state = self._state(organization_id)
        state.paused_until = max(state.paused_until, self._clock() + seconds)

    async def _spend_day(self, organization_id: str) -> None:
        state = self._state(organization_id)
        now = self._clock()
        if state.renews is None or state.renews <= now:
            # No answer said when the budget renews: a day from now is the latest it can.
            state.renews = now + self.limit.day
        state.zoho_left = 0

    def observe_headers(self, organization_id: str, headers: Mapping[str, str]) -> None:
        """Keep an answer's ``X-Rate-Limit-*`` headers, read when a decision needs them.

        Reading them costs more than the rest of the limiter's work per call, and Zoho's
        count only matters near its end: the newest headers are read on the next admission
        when nothing is known yet, when :data:`FEW_LEFT` calls or fewer are left, or
        :data:`READ_EVERY` seconds after the last reading; in between, every admission counts
        the budget down. A budget that other integrations spend meanwhile shows within that
        second (or through Zoho's code 45, which stops the organization at once).
        """
        self._state(organization_id).unread = headers

    def _read(self, state: _Counters, headers: Mapping[str, str], now: float) -> None:
        state.unread = None
        state.next_reading = now + READ_EVERY
        seen = budget_headers(headers)
        if seen is not None:
            self._learn(state, seen, now)

    def observe_budget(self, organization_id: str, seen: BudgetHeaders) -> None:
        """Learn the daily budget an answer stated: calls left, and when the budget renews."""
        state = self._state(organization_id)
        now = self._clock()
        if state.unread is not None:  # older than ``seen``: read it first
            self._read(state, state.unread, now)
        self._learn(state, seen, now)

    def _learn(self, state: _Counters, seen: BudgetHeaders, now: float) -> None:
        renews = now + min(seen.reset, self.limit.day)
        new_day = (
            state.renews is None
            or now >= state.renews
            or renews > state.renews + self.limit.day / 2
            or (seen.limit is not None and seen.limit != state.zoho_limit)
        )
        if new_day or state.zoho_left is None:
            state.zoho_left = seen.remaining
        else:
            state.zoho_left = min(state.zoho_left, seen.remaining)
        if seen.limit is not None:
            state.zoho_limit = seen.limit
        state.renews = renews
        state.observed_wall = self._wall_clock()
        if self.limit.daily is not None and state.cap_ends > now:
            state.cap_ends = renews  # the configured budget counts over Zoho's day

    async def budget(self, organization_id: str) -> Budget:
        """The organization's daily budget as this process knows it."""
        state = self._state(organization_id)
        now = self._clock()
        if state.unread is not None:
            self._read(state, state.unread, now)
        limit, left, renews = state.zoho_limit, state.zoho_left, state.renews
        if renews is not None and now >= renews:
            left, renews = limit, None
        daily = self.limit.daily
        if daily is not None:
            used = state.cap_used if now < state.cap_ends else 0
            cap_left = daily - used
            if left is None or cap_left < left:
                left = cap_left
                if now < state.cap_ends:
                    renews = state.cap_ends
            limit = limit if limit is not None else daily
        return Budget(
            limit=limit,
            remaining=left,
            renews_at=self._dated(renews - now) if renews is not None else None,
            observed_at=_epoch(state.observed_wall),
        )

    async def close(self) -> None:
        """Forget all counters."""
        await super().close()
        self._counters.clear()


def _epoch(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
