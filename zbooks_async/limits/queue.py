"""What every limiter shares: a first-come-first-served queue per organization in front of a
backend that keeps the counts (this process's memory, or Redis for many processes).

Only the caller at the head of an organization's queue asks the backend for a slot; the others
wait their turn behind an ``asyncio.Lock``, which wakes waiters in arrival order and lets a
cancelled waiter leave without taking anything. When the backend says no, the head sleeps for
exactly as long as the backend says the refusal will last (or until a slot comes back), so a
limiter far from its limits costs one uncontended lock and a few counter updates per request.
"""

from __future__ import annotations

import abc
import asyncio
import enum
import logging
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import attrs

from ..errors import DailyLimitExceeded, RateLimitWaitTooLong
from .base import DAILY_CODE, IN_FLIGHT_CODE, RateLimit

logger = logging.getLogger("zbooks_async.limits")


class Refusal(enum.Enum):
    """Why the backend would not admit a request now."""

    PAUSED = "paused after a 429"
    DAY_SPENT = "daily budget spent"
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


class _Queue:
    """One organization's waiting line and its throttle history, in this process."""

    __slots__ = ("lock", "pause_ends", "released", "strikes")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.released = asyncio.Event()
        self.strikes = 0
        self.pause_ends = -math.inf


class QueuedLimiter(abc.ABC):
    """A :class:`~zbooks_async.limits.base.Limiter` built from a counting backend.

    Subclasses implement ``_ask`` (take a slot or refuse), ``_give_back`` (the request is over),
    ``_pause`` (hold the organization back) and ``_spend_day`` (Zoho said code 45).
    ``release_poll`` is how often the head of a queue asks again while the in-flight cap is
    reached, for slots given back by other processes (``None``: only this process's releases).
    """

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        release_poll: float | None = None,
    ) -> None:
        self.limit = limit
        self._clock = clock
        self._release_poll = release_poll
        self._queues: dict[str, _Queue] = {}

    def _queue(self, organization_id: str) -> _Queue:
        queue = self._queues.get(organization_id)
        if queue is None:
            queue = self._queues[organization_id] = _Queue()
        return queue

    @asynccontextmanager
    async def slot(
        self, organization_id: str, *, max_wait: float | None = None
    ) -> AsyncIterator[None]:
        """Wait for a slot (first come, first served) and hold it while the request runs.

        With ``max_wait`` (seconds, 0: do not queue), raise ``RateLimitWaitTooLong`` instead of
        waiting when the wait is known to be longer, or when ``max_wait`` runs out.
        """
        if max_wait is None:
            ticket = await self._admit(organization_id)
        else:
            ticket = await self._admit_within(organization_id, max_wait)
        try:
            yield
        finally:
            try:
                await self._give_back(organization_id, ticket)
            finally:
                self._queue(organization_id).released.set()

    async def _admit_within(self, organization_id: str, max_wait: float) -> object:
        if max_wait <= 0:
            if self._queue(organization_id).lock.locked():  # others are waiting already
                raise self._wait_too_long(organization_id, None, max_wait, "others are queued")
            return await self._admit(organization_id, ends=self._clock())
        try:
            # The bound of waits nobody can foresee (a slot given back when a request ends).
            async with asyncio.timeout(max_wait):
                return await self._admit(organization_id, ends=self._clock() + max_wait)
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

    async def _admit(self, organization_id: str, *, ends: float | None = None) -> object:
        queue = self._queue(organization_id)
        async with queue.lock:
            while True:
                queue.released.clear()
                verdict = await self._ask(organization_id)
                if verdict.granted:
                    return verdict.ticket
                if verdict.refusal is Refusal.DAY_SPENT and not self.limit.wait_for_next_day:
                    raise self._day_spent_error(organization_id, verdict.wait)
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

    def _day_spent_error(self, organization_id: str, renews_in: float | None) -> DailyLimitExceeded:
        budget = (
            f"the daily budget of {self.limit.daily} requests"
            if self.limit.daily is not None
            else "Zoho's daily request budget"
        )
        when = f" in {renews_in / 3600:.1f} h" if renews_in is not None else ""
        return DailyLimitExceeded(
            f"{budget} for organization {organization_id} is spent; it renews when the day "
            f"turns{when}. Pass RateLimit(wait_for_next_day=True) to wait instead of failing",
            code=DAILY_CODE,
        )

    async def throttled(
        self, organization_id: str, code: int | None, retry_after: float | None
    ) -> None:
        """Hold the whole organization back after a 429 that got through.

        Code 45 marks the day's budget spent. Otherwise the pause is ``retry_after`` when Zoho
        sent one, else it grows with each throttle that comes after the previous pause ended:
        from ``period / requests`` for code 1070 and from ``period / 4`` for code 44 (or no
        code), doubling up to ``period``. The 429s of one burst count as one; a
        period without any forgives the past ones.
        """
        if code == DAILY_CODE:
            await self._spend_day(organization_id)
            return
        queue = self._queue(organization_id)
        now = self._clock()
        if retry_after is not None:
            pause = retry_after
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
            pause = min(self.limit.period, base * 2 ** min(queue.strikes, 16))
        queue.pause_ends = max(queue.pause_ends, now + pause)
        logger.warning(
            "Zoho throttled organization %s (code %s); holding its requests back for %.2f s",
            organization_id,
            code,
            pause,
        )
        await self._pause(organization_id, pause)

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
        """Admit nothing for this organization until the day turns."""

    async def close(self) -> None:
        """Forget the queues (subclasses release their backend too)."""
        self._queues.clear()


async def _wait_for(event: asyncio.Event, timeout: float | None) -> None:
    if timeout is None:
        await event.wait()
        return
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        pass
