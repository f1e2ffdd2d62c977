"""Retry stage: try again after throttling, server failures and dropped connections, with backoff.

The policy in one place:

* GET, PUT and DELETE (idempotent) are retried after 429 (codes 44 and 1070), 5xx and network
  failures.
* POST is retried only when Zoho surely did nothing: a 429, or a connection that never opened.
  A POST whose answer was lost or was a 5xx raises :class:`OutcomeUnknownError` at once.
* An answer that arrived with a 2xx status but could not be read (cut short, not JSON) counts
  as a lost answer: idempotent requests are retried, a POST raises OutcomeUnknownError.
* Code 45 (daily budget spent) and every other error are not retried.
* A request whose body holds a file given as an async stream is never sent twice: the stream
  was read by the first attempt (the auth stage does not replay it either).
* The wait is exponential with full jitter, capped; a ``Retry-After`` header wins when present.
* A DELETE replayed after an attempt that may have reached Zoho can find the record already
  gone: that 404 means the first attempt did the work, so the call succeeds (code 0, with a
  message saying so) instead of failing with NotFoundError.
* A write (PUT, DELETE, or a POST marked idempotent) that finally fails after an earlier
  attempt may have reached Zoho raises OutcomeUnknownError, not the last attempt's error:
  the earlier attempt may have done the work. (A rejected token is left to the auth stage,
  which refreshes it and replays the call.)
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
from collections.abc import Generator
from typing import Any

import attrs
import backoff

from ..errors import (
    ClientClosedError,
    DailyLimitExceeded,
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TransportError,
    ZohoBooksError,
)
from .stage import Handler
from .values import Request, Response

logger = logging.getLogger("zbooks_async.retry")


class Verdict(enum.Enum):
    """What to do after a failed attempt."""

    RETRY = "retry"
    GIVE_UP = "give up"
    OUTCOME_UNKNOWN = "outcome unknown"


def verdict_for(request: Request, error: ZohoBooksError) -> Verdict:
    """Decide, from the request and the typed error, whether another attempt is safe and useful."""
    if isinstance(error, DailyLimitExceeded):
        return Verdict.GIVE_UP
    if isinstance(error, RateLimitError):
        return Verdict.RETRY  # refused at the door: nothing happened, even for a POST
    if isinstance(error, TransportError):
        if not error.may_have_reached_server or request.is_idempotent:
            return Verdict.RETRY
        return Verdict.OUTCOME_UNKNOWN
    if isinstance(error, ServerError) or _unreadable_success(error):
        return Verdict.RETRY if request.is_idempotent else Verdict.OUTCOME_UNKNOWN
    return Verdict.GIVE_UP


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


@attrs.frozen
class RetryPolicy:
    """How many times and how long to wait. ``max_retries=0`` turns retrying off."""

    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("retry delays must be >= 0")


class _Retryable(Exception):
    """Carries a retryable error through backoff without widening what backoff catches."""

    def __init__(self, error: ZohoBooksError) -> None:
        super().__init__(str(error))
        self.error = error


def _delays(
    base: float, cap: float, rng: random.Random, start: int = 0
) -> Generator[float, _Retryable | None, None]:
    failure = yield 0.0
    attempt = start
    while True:
        hinted = getattr(failure.error, "retry_after", None) if failure else None
        delay = hinted if hinted is not None else rng.uniform(0.0, min(cap, base * 2**attempt))
        attempt += 1
        failure = yield delay


class RetryStage:
    """Runs the rest of the pipeline again, per :func:`verdict_for`, using ``backoff``."""

    def __init__(self, policy: RetryPolicy, *, rng: random.Random | None = None) -> None:
        self._policy = policy
        self._rng = rng or random.Random()

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        # Most calls succeed at once: only a first failure pays for closures and backoff.
        try:
            return await call_next(request)
        except ZohoBooksError as error:
            first_failure = error
        return await self._after_failure(request, call_next, first_failure)

    async def _after_failure(
        self, request: Request, call_next: Handler, first_failure: ZohoBooksError
    ) -> Response:
        max_retries = request.options.max_retries
        if max_retries is None:
            max_retries = self._policy.max_retries

        earlier_attempt_may_have_applied = False

        def judge(error: ZohoBooksError) -> Response:
            """Return the call's answer after ``error``, or raise what the caller should see."""
            nonlocal earlier_attempt_may_have_applied
            if (
                isinstance(error, NotFoundError)
                and earlier_attempt_may_have_applied
                and request.method.upper() == "DELETE"
            ):
                return _already_deleted(request, error)
            earlier_attempt_may_have_applied |= may_have_been_applied(error)
            verdict = verdict_for(request, error)
            if verdict is Verdict.OUTCOME_UNKNOWN:
                raise OutcomeUnknownError(
                    f"{request.method} may or may not have been applied ({error}); "
                    "it was not sent again: check before retrying",
                    http_status=error.http_status,
                    method=request.method,
                    path=request.path,
                ) from error
            if verdict is Verdict.RETRY and max_retries > 0 and request.can_be_resent:
                raise _Retryable(error) from error
            if earlier_attempt_may_have_applied and _left_unknown(request, error):
                raise _unknown_after_replays(request, error) from error
            raise error

        async def attempt() -> Response:
            try:
                return await call_next(request)
            except ZohoBooksError as error:
                return judge(error)

        try:
            return judge(first_failure)
        except _Retryable as first:
            await self._wait_before_retry(first, retry_number=1)

        retrying = backoff.on_exception(
            _delays,
            _Retryable,
            max_tries=max_retries,
            jitter=None,
            on_backoff=lambda details: _log_backoff(details, earlier_tries=1),
            logger=None,
            base=self._policy.base_delay,
            cap=self._policy.max_delay,
            rng=self._rng,
            start=1,
        )(attempt)
        try:
            result: Response = await retrying()
        except _Retryable as exhausted:
            error = exhausted.error
            if earlier_attempt_may_have_applied and _left_unknown(request, error):
                raise _unknown_after_replays(request, error) from error
            raise error from error.__cause__
        return result

    async def _wait_before_retry(self, failure: _Retryable, *, retry_number: int) -> None:
        delays = _delays(self._policy.base_delay, self._policy.max_delay, self._rng)
        next(delays)
        wait = delays.send(failure)
        _log_backoff({"exception": failure, "wait": wait, "tries": retry_number})
        await asyncio.sleep(wait)


def _left_unknown(request: Request, error: ZohoBooksError) -> bool:
    # Reads change nothing; a closed session already says the outcome is unknown; a 404 tells
    # the record's state. A rejected token is no exception: the auth stage's replay would
    # start a new retry loop that no longer knows an earlier attempt may have done the work.
    writes = request.method.upper() not in ("GET", "HEAD", "OPTIONS")
    return writes and not isinstance(error, ClientClosedError | NotFoundError)


def _unknown_after_replays(request: Request, error: ZohoBooksError) -> OutcomeUnknownError:
    return OutcomeUnknownError(
        f"{request.method} may or may not have been applied: an earlier attempt may have "
        f"reached Zoho and the last one failed ({error}); check before retrying",
        http_status=error.http_status,
        method=request.method,
        path=request.path,
    )


def _already_deleted(request: Request, error: NotFoundError) -> Response:
    message = (
        "deleted: an earlier attempt whose answer was lost did the work, so the replay "
        f"found nothing left to delete (Zoho said: {error.message})"
    )
    logger.info("%s %s: %s", request.method, request.path, message)
    return Response(status=200, headers={}, body=b"", data={"code": 0, "message": message})


def _log_backoff(details: Any, earlier_tries: int = 0) -> None:
    error = details["exception"].error
    logger.info(
        "retrying %s %s in %.2fs after attempt %d: %s",
        error.method,
        error.path,
        details["wait"],
        details["tries"] + earlier_tries,
        error,
    )
