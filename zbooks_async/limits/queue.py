"""What every limiter shares: a first-come-first-served queue per organization in front of a
backend that keeps the counts (this process's memory, or Redis for many processes).

Only the caller at the head of an organization's queue asks the backend for a slot; the others
wait their turn behind an ``asyncio.Lock``, which wakes waiters in arrival order and lets a
cancelled waiter leave without taking anything. When the backend says no, the head sleeps for
exactly as long as the backend says the refusal will last (or until a slot comes back). When
nobody waits, a backend that can decide at once (the in-memory one) admits the caller without
touching the lock at all: nobody is overtaken, since nobody is queued.
"""

from __future__ import annotations

import abc
import asyncio
import enum
import logging
import math
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

import attrs

from ..errors import DailyLimitExceeded, RateLimitWaitTooLong
from .base import DAILY_CODE, IN_FLIGHT_CODE, RateLimit, pause_bound
from .budget import Budget, BudgetHeaders

logger = logging.getLogger("zbooks_async.limits")


class Refusal(enum.Enum):
    """Why the backend would not admit a request now."""

    PAUSED = "paused after a 429"
    DAY_SPENT = "Zoho's daily budget spent"
    DAILY_CAP = "configured daily budget spent"
    IN_FLIGHT = "in-flight cap reached"
    WINDOW = "rolling window full"


@attrs.frozen
class Verdict:
    """The backend's answer: a ``ticket`` for the slot, or a refusal and how long it lasts.

    ``wait`` is in seconds; ``None`` means "until some request gives its slot back".
    """

    ticket: object = None
    refusal: Refusal | None = None
    wait: float | None = None

    @property
    def granted(self) -> bool:
        """Whether a slot was taken."""
        return self.refusal is None


NOT_NOW = object()
"""What :meth:`QueuedLimiter._take_now` returns when the caller must queue."""


class _Queue:
    """One organization's waiting line and its throttle history, in this process."""

    __slots__ = ("lock", "pause_ends", "released", "strikes", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.released = asyncio.Event()
        self.waiting = 0  # callers inside _admit: while any, nobody takes the fast path
        self.strikes = 0
        self.pause_ends = -math.inf


class QueuedLimiter(abc.ABC):
    """A :class:`~zbooks_async.limits.base.Limiter` built from a counting backend.

    Subclasses implement ``_ask`` (take a slot or refuse), ``_give_back`` (the request is over),
    ``_pause`` (hold the organization back), ``_spend_day`` (Zoho said code 45),
    ``observe_budget`` and ``budget``; ``_take_now`` optionally, to admit without queueing.
    ``release_poll`` is how often the head of a queue asks again while the in-flight cap is
    reached, for slots given back by other processes (``None``: only this process's releases).
    ``clock`` (monotonic seconds) measures waits; ``wall_clock`` (epoch seconds) only dates them.
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        release_poll: float | None = None,
    ) -> None:
        self.limit = limit
        self._clock = clock
        self._wall_clock = wall_clock
        self._release_poll = release_poll
        self._queues: dict[str, _Queue] = {}

    def _queue(self, organization_id: str) -> _Queue:
        queue = self._queues.get(organization_id)
        if queue is None:
            queue = self._queues[organization_id] = _Queue()
        return queue

    def slot(
        self, organization_id: str, *, max_wait: float | None = None
    ) -> AbstractAsyncContextManager[None]:
        """Wait for a slot (first come, first served) and hold it while the request runs.

        With ``max_wait`` (seconds, 0: do not queue), raise ``RateLimitWaitTooLong`` instead of
        waiting when the wait is known to be longer, or when ``max_wait`` runs out.
        """
        return _Slot(self, organization_id, max_wait)

    async def _admit_within(self, organization_id: str, queue: _Queue, max_wait: float) -> object:
        if max_wait <= 0:
            if queue.waiting:  # others are queued already
                raise self._wait_too_long(organization_id, None, max_wait, "others are queued")
            return await self._admit(organization_id, queue, ends=self._clock())
        try:
            # The bound of waits nobody can foresee (a slot given back when a request ends).
            async with asyncio.timeout(max_wait):
                return await self._admit(organization_id, queue, ends=self._clock() + max_wait)
        except TimeoutError:
            raise self._wait_too_long(organization_id, None, max_wait, "no slot came free") from None

    def _wait_too_long(
        self, organization_id: str, wait: float | None, max_wait: float, why: str
    ) -> RateLimitWaitTooLong:
        needed = f"{wait:.1f} s" if wait is not None else "for an unknown time"
        return RateLimitWaitTooLong(
            f"the rate limiter would hold this call {needed} ({why}) for organization "
            f"{organization_id}, longer than the {max_wait:.1f} s it may still wait; nothing was sent",
            wait=wait,
        )

    async def _admit(self, organization_id: str, queue: _Queue, *, ends: float | None = None) -> object:
        queue.waiting += 1
        try:
            async with queue.lock:
                while True:
                    queue.released.clear()
                    verdict = await self._ask(organization_id)
                    if verdict.granted:
                        return verdict.ticket
                    if (
                        verdict.refusal in (Refusal.DAY_SPENT, Refusal.DAILY_CAP)
                        and not self.limit.wait_for_next_day
                    ):
                        raise self._day_spent_error(organization_id, verdict)
                    if ends is not None:
                        left = ends - self._clock()
                        wait = None if verdict.refusal is Refusal.IN_FLIGHT else verdict.wait
                        if left <= 0 or (wait is not None and wait > left):
                            why = verdict.refusal.value if verdict.refusal else "refused"
                            raise self._wait_too_long(organization_id, wait, max(0.0, left), why)
                    if verdict.wait is None or verdict.refusal is Refusal.IN_FLIGHT:
                        await _wait_for(queue.released, self._release_poll)
                    else:
                        await asyncio.sleep(verdict.wait)
        finally:
            queue.waiting -= 1

    def _take_now(self, organization_id: str) -> object:
        """Take a slot without waiting, or return :data:`NOT_NOW` (the caller then queues).

        Called only when nobody waits for this organization. The default always queues.
        """
        return NOT_NOW

    def take_now(self, organization_id: str) -> object:
        """A slot's ticket if one can be had at once with nobody overtaken, else :data:`NOT_NOW`.

        The rate-limit stage's fast path: no coroutine, no lock. A ticket taken here must be
        handed to :meth:`answered_now` (after an answer) or :meth:`give_back_now` (and, if that
        returns False, awaited through :meth:`give_back`) when the request is over, whatever
        happened to it.
        """
        queue = self._queues.get(organization_id)
        if queue is not None and queue.waiting:
            return NOT_NOW
        return self._take_now(organization_id)

    def give_back_now(self, organization_id: str, ticket: object) -> bool:
        """Give back a ticket of :meth:`take_now` without waiting; False: await :meth:`give_back`."""
        if not self._give_back_now(organization_id, ticket):
            return False
        queue = self._queues.get(organization_id)
        if queue is not None and queue.waiting:
            queue.released.set()
        return True

    async def give_back(self, organization_id: str, ticket: object) -> None:
        """Give back a ticket of :meth:`take_now` that :meth:`give_back_now` could not."""
        try:
            await self._give_back(organization_id, ticket)
        finally:
            queue = self._queues.get(organization_id)
            if queue is not None and queue.waiting:
                queue.released.set()

    def answered_now(
        self, organization_id: str, ticket: object, headers: Mapping[str, str] | None
    ) -> bool:
        """The request holding a ticket of :meth:`take_now` was answered: give the slot back
        and keep the answer's ``headers`` (``None``: none to follow) for the daily budget, in
        one step, without waiting.

        The rate-limit stage's fast path after a successful answer. False (the default): nothing
        was done; the caller observes the headers and gives the ticket back itself.
        """
        return False

    def _give_back_now(self, organization_id: str, ticket: object) -> bool:
        """Give the slot back without waiting if the backend can; False: await ``_give_back``."""
        return False

    def _day_spent_error(self, organization_id: str, verdict: Verdict) -> DailyLimitExceeded:
        if verdict.refusal is Refusal.DAILY_CAP:
            budget = f"the daily budget of {self.limit.daily} requests (RateLimit(daily=...))"
        else:
            budget = "Zoho's daily request budget"
        renews_in = verdict.wait
        renews_at = self._dated(renews_in) if renews_in is not None else None
        when = (
            f"; it renews at {renews_at:%Y-%m-%d %H:%M:%S} UTC (in {_duration(renews_in)})"
            if renews_at is not None and renews_in is not None
            else ""
        )
        error = DailyLimitExceeded(
            f"{budget} for organization {organization_id} is spent{when}. "
            "Pass RateLimit(wait_for_next_day=True) to wait instead of failing",
            code=DAILY_CODE,
            retry_after=renews_in,
        )
        error.renews_at = renews_at
        return error

    def _dated(self, seconds_from_now: float) -> datetime:
        """The aware moment ``seconds_from_now`` seconds after now."""
        return datetime.fromtimestamp(self._wall_clock() + seconds_from_now, UTC)

    async def throttled(
        self, organization_id: str, code: int | None, retry_after: float | None
    ) -> None:
        """Hold the whole organization back after a 429 that got through.

        Code 45 marks the day's budget spent until it renews. Otherwise the pause is
        ``retry_after`` when Zoho sent one, else it grows with each throttle that comes after
        the previous pause ended: from ``period / requests`` for code 1070 and from
        ``period / 4`` for code 44 (or no code), doubling. The 429s of one burst count as one;
        a period without any forgives the past ones. Whatever the server asked, a pause never
        exceeds :meth:`pause_bound` for the code (a ``Retry-After: 86400`` cannot stop an
        organization for a day).
        """
        if code == DAILY_CODE:
            await self._spend_day(organization_id)
            return
        queue = self._queue(organization_id)
        now = self._clock()
        bound = self.pause_bound(code)
        if retry_after is not None and 0 <= retry_after < math.inf:
            pause = min(retry_after, bound)
        elif now < queue.pause_ends:
            return  # an answer to a request sent before the pause began: nothing new
        else:
            if now >= queue.pause_ends + self.limit.period:
                queue.strikes = 0
            else:
                queue.strikes += 1
            if code == IN_FLIGHT_CODE:
                base = self.limit.period / self.limit.requests
            else:
                base = self.limit.period / 4
            pause = min(bound, base * 2 ** min(queue.strikes, 16))
        queue.pause_ends = max(queue.pause_ends, now + pause)
        logger.warning(
            "Zoho throttled organization %s (code %s); holding its requests back for %.2f s",
            organization_id,
            code,
            pause,
        )
        await self._pause(organization_id, pause)

    def pause_bound(self, code: int | None) -> float:
        """:func:`~zbooks_async.limits.base.pause_bound` over this limiter's window."""
        return pause_bound(code, self.limit.window)

    @abc.abstractmethod
    async def _ask(self, organization_id: str) -> Verdict:
        """Take a slot now if every limit allows it, else say why not and for how long."""

    @abc.abstractmethod
    async def _give_back(self, organization_id: str, ticket: object) -> None:
        """The request holding ``ticket`` is over (answered, failed or cancelled)."""

    @abc.abstractmethod
    async def _pause(self, organization_id: str, seconds: float) -> None:
        """Admit nothing for this organization during the next ``seconds``."""

    @abc.abstractmethod
    async def _spend_day(self, organization_id: str) -> None:
        """Admit nothing for this organization until its budget renews."""

    @abc.abstractmethod
    def observe_budget(self, organization_id: str, seen: BudgetHeaders) -> None:
        """Learn the daily budget an answer for ``organization_id`` stated (never waits).

        Within one budget day the remaining count only goes down (answers arrive out of
        order); after the renewal moment, or when the renewal moment jumps a day ahead, the
        stated count is taken as it is.
        """

    @abc.abstractmethod
    async def budget(self, organization_id: str) -> Budget:
        """The organization's daily budget as this limiter knows it now."""

    async def close(self) -> None:
        """Forget the queues (subclasses release their backend too)."""
        self._queues.clear()


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


class _Slot:
    """``async with limiter.slot(org):``, written out: a generator-based context manager
    costs more than the whole in-memory decision (see ``benchmarks/limiter.py``)."""

    __slots__ = ("_limiter", "_max_wait", "_organization_id", "_queue", "_ticket")

    def __init__(self, limiter: QueuedLimiter, organization_id: str, max_wait: float | None) -> None:
        self._limiter = limiter
        self._organization_id = organization_id
        self._max_wait = max_wait

    async def __aenter__(self) -> None:
        limiter, organization_id = self._limiter, self._organization_id
        queue = self._queue = limiter._queue(organization_id)
        ticket = limiter._take_now(organization_id) if not queue.waiting else NOT_NOW
        if ticket is NOT_NOW:
            if self._max_wait is None:
                ticket = await limiter._admit(organization_id, queue)
            else:
                ticket = await limiter._admit_within(organization_id, queue, self._max_wait)
        self._ticket = ticket

    async def __aexit__(self, *exc_info: object) -> None:
        limiter, organization_id, queue = self._limiter, self._organization_id, self._queue
        try:
            if not limiter._give_back_now(organization_id, self._ticket):
                await limiter._give_back(organization_id, self._ticket)
        finally:
            if queue.waiting:
                queue.released.set()


async def _wait_for(event: asyncio.Event, timeout: float | None) -> None:
    if timeout is None:
        await event.wait()
        return
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        pass
