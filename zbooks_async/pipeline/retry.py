"""Retry stage: one loop that sends a call again after failures a handler says are worth it.

Every failed attempt goes through the same steps, in this order:

1. **Safety first, whatever the handlers say.** A write whose attempt may have reached Zoho
   (a lost answer, a 5xx, a 2xx that could not be read) is never sent again unless it is
   idempotent (PUT, DELETE, or marked so): a POST raises :class:`OutcomeUnknownError` at once.
   A body streamed from an async iterable is never sent twice. A closed session, a spent daily
   budget, a rate-limiter wait longer than the call may wait, a missing scope and a passed
   deadline end the call.
2. **The handlers.** The first of ``RetryPolicy.handlers`` whose ``can_retry`` says yes decides
   how long to wait (``delay``); ``None`` means "longer than this failure can justify", and the
   call fails with the wait attached instead of sleeping. The built-in handlers:

   * :class:`ConnectionErrorHandler`: network failures (refused, reset, timed out) and an
     access token that could not be had for a moment;
   * :class:`ServerErrorHandler`: 5xx answers, and 2xx answers that could not be read;
   * :class:`RateLimitHandler`: 429 codes 44 and 1070 (code 45, the daily budget, is final);
   * :class:`ExpiredTokenHandler`: a token Zoho refused as expired; the auth stage has already
     dropped it, so the next attempt mints a new one (at most ``MAX_TOKEN_REPLAYS`` per call,
     not counted against ``max_retries``).

3. **The bounds.** The waits come from the ``backoff`` package's wait generators: exponential
   (``backoff.expo``, from ``base_delay`` doubling up to ``max_delay``) with full jitter
   (``backoff.full_jitter``); a ``Retry-After`` is honoured up to what the failure can mean (for
   a 429, :func:`~zbooks_async.limits.base.pause_bound`, the one bound the limiter pauses an
   organization by too; ``max_delay`` for a 5xx); every wait and attempt fits in the call's
   deadline.

Two outcomes are decided from the call's history: a DELETE replayed after an attempt that may
have reached Zoho can find the record gone, which means the first attempt did the work (the
call succeeds); and a write that finally fails after such an attempt raises
:class:`OutcomeUnknownError`, not the last attempt's error.

Add your own handler with ``RetryPolicy(handlers=(*DEFAULT_RETRY_HANDLERS, MyHandler()))``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

import attrs
import backoff

from ..durations import seconds_text
from ..errors import (
    ClientClosedError,
    ConfigurationError,
    DailyLimitExceeded,
    DeadlineExceeded,
    MalformedResponseError,
    MissingScopeError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RateLimitWaitTooLong,
    ServerError,
    TokenExpiredError,
    TransportError,
    ZohoBooksError,
)
from ..limits.base import pause_bound
from .stage import Handler
from .values import Request, Response

logger = logging.getLogger("zbooks_async.retry")

MAX_TOKEN_REPLAYS = 2
"""How many times one call is sent again with a new token after Zoho refused its token."""

_READS = frozenset({"GET", "HEAD", "OPTIONS"})


@attrs.frozen
class Failure:
    """A failed attempt, as retry handlers see it.

    ``attempt`` is the number of the attempt that failed (1 for the first); ``earlier`` holds
    the errors of the attempts before it; ``backoff`` is the policy's jittered exponential wait
    for the next attempt; ``time_left`` the seconds until the call's deadline (``None``: none).
    """

    request: Request
    error: ZohoBooksError
    attempt: int
    earlier: tuple[ZohoBooksError, ...]
    backoff: float
    policy: RetryPolicy
    time_left: float | None


@runtime_checkable
class RetryHandler(Protocol):
    """Decides about one kind of failure: may the call be sent again, and after how long?

    ``can_retry`` is asked only when another attempt is safe (see the module's docstring);
    ``delay`` returns seconds to wait, or ``None`` when the failure asks for a longer wait than
    it can justify (the call then fails with its error instead of sleeping). A handler whose
    ``counts_as_retry`` is False is not charged against ``max_retries``. Example::

        class RetryMaintenance:
            counts_as_retry = True

            def can_retry(self, failure: Failure) -> bool:
                return isinstance(failure.error, ApiError) and failure.error.code == 9999

            def delay(self, failure: Failure) -> float | None:
                return failure.backoff
    """

    counts_as_retry: bool

    def can_retry(self, failure: Failure) -> bool:
        """Whether this handler wants the call sent again after ``failure``."""
        ...

    def delay(self, failure: Failure) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up instead."""
        ...


def _hinted(failure: Failure, bound: float) -> float | None:
    hint = getattr(failure.error, "retry_after", None)
    if hint is None:
        return failure.backoff
    return hint if hint <= bound else None


class ConnectionErrorHandler:
    """Retries network failures (and a token that could not be had), after the backoff.

    A ``retry_after`` (a token mint refused for a while) is honoured up to ``max_delay``.
    """

    counts_as_retry = True

    def can_retry(self, failure: Failure) -> bool:
        """True for :class:`TransportError` (not a passed deadline)."""
        return isinstance(failure.error, TransportError)

    def delay(self, failure: Failure) -> float | None:
        """The backoff, or the error's ``retry_after`` if it fits in ``max_delay``."""
        return _hinted(failure, failure.policy.max_delay)


class ServerErrorHandler:
    """Retries 5xx answers and 2xx answers that could not be read (idempotent calls only).

    ``Retry-After`` is honoured up to ``RetryPolicy.max_delay``; a longer one fails the call
    with the :class:`ServerError` and its ``retry_after``.
    """

    counts_as_retry = True

    def can_retry(self, failure: Failure) -> bool:
        """True for :class:`ServerError` and an unreadable success."""
        return isinstance(failure.error, ServerError) or _unreadable_success(failure.error)

    def delay(self, failure: Failure) -> float | None:
        """The backoff, or ``Retry-After`` if it fits in ``max_delay``."""
        return _hinted(failure, failure.policy.max_delay)


class RateLimitHandler:
    """Retries 429 answers with codes 44 and 1070 (refused at the door: safe even for a POST).

    ``Retry-After`` is honoured up to what the code can mean
    (:func:`~zbooks_async.limits.base.pause_bound`: the minute window for 44, a few seconds for
    1070 or anything else). A longer one fails the call with the :class:`RateLimitError` and its
    ``retry_after``.
    """

    counts_as_retry = True

    def can_retry(self, failure: Failure) -> bool:
        """True for :class:`RateLimitError` except a spent daily budget."""
        error = failure.error
        return isinstance(error, RateLimitError) and not isinstance(
            error, DailyLimitExceeded | RateLimitWaitTooLong
        )

    def delay(self, failure: Failure) -> float | None:
        """The backoff, or ``Retry-After`` within the code's bound."""
        error = failure.error
        return _hinted(failure, pause_bound(error.code))


class ExpiredTokenHandler:
    """Sends the call again at once with a new token after Zoho refused an expired one.

    The auth stage has dropped the refused token already; the next attempt reads (and if need
    be mints) a new one after its rate-limit wait. At most :data:`MAX_TOKEN_REPLAYS` per call,
    not counted against ``max_retries``.
    """

    counts_as_retry = False

    def can_retry(self, failure: Failure) -> bool:
        """True for :class:`TokenExpiredError`, up to the per-call cap."""
        if not isinstance(failure.error, TokenExpiredError):
            return False
        replays = sum(isinstance(error, TokenExpiredError) for error in failure.earlier)
        return replays < MAX_TOKEN_REPLAYS

    def delay(self, failure: Failure) -> float | None:
        """No wait: the new token is usable at once."""
        return 0.0


DEFAULT_RETRY_HANDLERS: tuple[RetryHandler, ...] = (
    ConnectionErrorHandler(),
    ServerErrorHandler(),
    RateLimitHandler(),
    ExpiredTokenHandler(),
)
"""The handlers a :class:`RetryPolicy` uses unless told otherwise, in the order asked."""


def _check_delay(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{attribute.name} must be a number of seconds, got {value!r}")
    if not 0 <= value < math.inf:
        raise ValueError(f"{attribute.name} must be a finite number of seconds >= 0, got {value!r}")


def _check_retries(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_retries must be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"max_retries must be >= 0, got {value}")


def _as_handlers(handlers: Iterable[RetryHandler]) -> tuple[RetryHandler, ...]:
    return tuple(handlers)


def _check_handlers(_: object, __: object, value: tuple[RetryHandler, ...]) -> None:
    for handler in value:
        if not isinstance(handler, RetryHandler):
            raise TypeError(
                f"retry handlers need can_retry(), delay() and counts_as_retry, got {handler!r}"
            )


@attrs.frozen
class RetryPolicy:
    """How many times and how long to wait, and which failures are retried.

    ``max_retries=0`` turns retrying off (a refused token is still replaced once);
    ``base_delay`` and ``max_delay`` shape the jittered exponential backoff (see :meth:`waits`)
    and ``max_delay``
    bounds a 5xx's ``Retry-After``; ``handlers`` are asked in order (default
    :data:`DEFAULT_RETRY_HANDLERS`). Values are checked: NaN, infinite or negative delays and
    non-int retries raise ValueError/TypeError.
    """

    max_retries: int = attrs.field(default=4, validator=_check_retries)
    base_delay: float = attrs.field(default=0.5, validator=_check_delay)
    max_delay: float = attrs.field(default=30.0, validator=_check_delay)
    handlers: tuple[RetryHandler, ...] = attrs.field(
        default=DEFAULT_RETRY_HANDLERS, converter=_as_handlers, validator=_check_handlers
    )

    def waits(self) -> Generator[float, Any, None]:
        """The ceilings of the waits before each retry, from ``backoff.expo``: ``base_delay``,
        doubling, up to ``max_delay``; the retry loop jitters each (full jitter)."""
        ceilings = backoff.expo(base=2, factor=self.base_delay, max_value=self.max_delay)
        next(ceilings)  # the generator's first value is a priming None
        return ceilings


def may_have_been_applied(error: ZohoBooksError) -> bool:
    """Whether the attempt that failed with ``error`` may have changed something at Zoho."""
    if isinstance(error, TransportError):
        return error.may_have_reached_server
    return isinstance(error, ServerError) or _unreadable_success(error)


def _unreadable_success(error: ZohoBooksError) -> bool:
    # A 2xx whose body could not be parsed (e.g. cut short): the work may well have been done.
    return (
        isinstance(error, MalformedResponseError)
        and error.http_status is not None
        and 200 <= error.http_status < 300
    )


# Failures no handler may retry: another attempt cannot help (or is not allowed).
_FINAL = (
    ClientClosedError,
    ConfigurationError,
    DailyLimitExceeded,
    DeadlineExceeded,
    MissingScopeError,
    RateLimitWaitTooLong,
)


class RetryStage:
    """Runs the rest of the pipeline again as the policy's handlers decide (see the module)."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        jitter: Callable[[float], float] = backoff.full_jitter,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._policy = policy
        self._jitter = jitter
        self._clock = clock

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        # Most calls succeed at once: only a first failure pays for the loop's bookkeeping.
        try:
            return await call_next(request)
        except ZohoBooksError as error:
            first_failure = error
        return await self._after_failure(request, call_next, first_failure)

    async def _after_failure(
        self, request: Request, call_next: Handler, error: ZohoBooksError
    ) -> Response:
        policy = self._policy
        max_retries = request.options.max_retries
        if max_retries is None:
            max_retries = policy.max_retries
        errors: list[ZohoBooksError] = []
        applied_earlier = False  # an earlier attempt may have done the work
        retries = 0
        ceilings = policy.waits()
        ceiling = next(ceilings)  # before the next counted retry
        while True:
            if (
                applied_earlier
                and isinstance(error, NotFoundError)
                and request.method.upper() == "DELETE"
            ):
                return _already_deleted(request, error)
            applied_earlier |= may_have_been_applied(error)
            time_left = self._time_left(request)
            decision = self._decide(request, error, errors, time_left, retries, max_retries, ceiling)
            if decision is None:
                raise self._final_error(request, error, applied_earlier, time_left)
            handler, wait = decision
            if handler.counts_as_retry:
                retries += 1
                ceiling = next(ceilings)
            _log_retry(request, error, wait, len(errors) + 1)
            if wait > 0:
                await asyncio.sleep(wait)
            if isinstance(error, TokenExpiredError) and not request.token_replaced:
                request = attrs.evolve(request, token_replaced=True)
            errors.append(error)
            try:
                return await call_next(request)
            except ZohoBooksError as failed:
                error = failed

    def _decide(
        self,
        request: Request,
        error: ZohoBooksError,
        errors: Sequence[ZohoBooksError],
        time_left: float | None,
        retries: int,
        max_retries: int,
        ceiling: float,
    ) -> tuple[RetryHandler, float] | None:
        """The handler that retries ``error`` and its wait, or None to stop."""
        if isinstance(error, _FINAL) or not request.can_be_resent:
            return None
        if may_have_been_applied(error) and not request.is_idempotent:
            return None  # a POST that may have been applied: never sent blindly again
        if time_left is not None and time_left <= 0:
            return None
        failure = Failure(
            request=request,
            error=error,
            attempt=len(errors) + 1,
            earlier=tuple(errors),
            backoff=self._jitter(ceiling),
            policy=self._policy,
            time_left=time_left,
        )
        for handler in self._policy.handlers:
            if not handler.can_retry(failure):
                continue
            if handler.counts_as_retry and retries >= max_retries:
                return None
            wait = handler.delay(failure)
            if wait is None or not 0 <= wait < math.inf:
                logger.info(
                    "%s %s: not waiting %s s as asked (%s)", request.method, request.path, wait, error
                )
                return None
            if time_left is not None and wait >= time_left:
                return None  # the next attempt could not start before the deadline
            return handler, wait
        return None

    def _final_error(
        self,
        request: Request,
        error: ZohoBooksError,
        applied_earlier: bool,
        time_left: float | None,
    ) -> ZohoBooksError:
        """What the caller sees when the loop stops after ``error``."""
        if error.method is None:  # e.g. the limiter's refusal, which knows no request
            error.method, error.path = request.method, request.path
        if isinstance(error, OutcomeUnknownError | ClientClosedError):
            return error
        writes = request.method.upper() not in _READS
        if may_have_been_applied(error) and not request.is_idempotent:
            return _outcome_unknown(
                request,
                error,
                f"{request.method} may or may not have been applied ({error}); "
                "it was not sent again: check before retrying",
            )
        if writes and applied_earlier and not isinstance(error, NotFoundError):
            return _outcome_unknown(
                request,
                error,
                f"{request.method} may or may not have been applied: an earlier attempt may "
                f"have reached Zoho and the last one failed ({error}); check before retrying",
            )
        if time_left is not None and time_left <= 0 and isinstance(error, TransportError):
            if not isinstance(error, DeadlineExceeded):
                return _chained(
                    DeadlineExceeded(
                        f"the call's deadline of {seconds_text(request.options.deadline)} passed "
                        f"({error.message})",
                        may_have_reached_server=error.may_have_reached_server,
                        method=request.method,
                        path=request.path,
                    ),
                    error,
                )
        return error

    def _time_left(self, request: Request) -> float | None:
        deadline_at = request.deadline_at
        return None if deadline_at is None else deadline_at - self._clock()


def _outcome_unknown(request: Request, error: ZohoBooksError, message: str) -> OutcomeUnknownError:
    return _chained(
        OutcomeUnknownError(
            message, http_status=error.http_status, method=request.method, path=request.path
        ),
        error,
    )


_E = TypeVar("_E", bound=ZohoBooksError)


def _chained(outer: _E, cause: ZohoBooksError) -> _E:
    outer.__cause__ = cause
    return outer


def _already_deleted(request: Request, error: NotFoundError) -> Response:
    message = (
        "deleted: an earlier attempt whose answer was lost did the work, so the replay "
        f"found nothing left to delete (Zoho said: {error.message})"
    )
    logger.info("%s %s: %s", request.method, request.path, message)
    return Response(status=200, headers={}, body=b"", data={"code": 0, "message": message})


def _log_retry(request: Request, error: ZohoBooksError, wait: float, attempt: int) -> None:
    logger.info(
        "retrying %s %s in %.2fs after attempt %d: %s",
        request.method,
        request.path,
        wait,
        attempt,
        error,
    )
