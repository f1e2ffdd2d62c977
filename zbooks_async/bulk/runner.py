"""The bulk runner: many operations at once under the session's limiter, each result as it lands.

    async with run_bulk(books, rows, create_contact, key=lambda row: row["contact_name"],
                        checkpoint="import.checkpoint") as run:
        async for result in run:
            print(result.key, result.outcome)
    print(run.report.summary())

At most ``concurrency`` items are in flight and at most that many results wait to be read, so
memory stays flat however long the input is (it may be an async iterator). Outcomes:

* ``succeeded``: the operation returned;
* ``unknown``: it raised :class:`OutcomeUnknownError` (a write whose answer was lost), or it
  was cut off after it started: the session was closed under it (``ClientClosedError``), it
  timed out (``TimeoutError``) or the run was cancelled. Such items are reported and
  checkpointed as unknown with an ``OutcomeUnknownError`` (its ``__cause__`` the original
  error), never retried by the runner, and a resumed run does not redo them blindly. With
  ``idempotent=True`` the cut-off ones count as ``failed`` instead, so a resumed run redoes them;
* ``failed``: any other error, including ``TypeError``/``ValueError`` from a bad input item.
  One bad item never stops the run.

Creates whose record has a natural key Zoho refuses to duplicate (a contact's name) are
resolved inside the run: an unknown outcome is settled by sending the create again (see
:mod:`zbooks_async.bulk.resolving`); ``resolve_unknown=False`` turns that off. Errors kept in
the report carry no traceback, so a run whose every item fails stays small in memory.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import attrs

from ..errors import (
    AuthenticationError,
    ClientClosedError,
    DailyLimitExceeded,
    OutcomeUnknownError,
)
from .checkpoint import Checkpoint
from .report import BulkReport, Outcome, ReportEntry, without_traceback
from .resolving import ItemResolution, item_context

if TYPE_CHECKING:
    from ..client import ZohoBooks

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CONCURRENCY = 10
_END: Any = object()  # marks the end of the input
# Errors after which every further item would fail the same way: stop reading the input.
HALT_ON: tuple[type[BaseException], ...] = (
    DailyLimitExceeded,
    AuthenticationError,
    ClientClosedError,
)
# Errors that cut a started item off without saying whether its write was applied.
CUT_OFF: tuple[type[BaseException], ...] = (ClientClosedError, TimeoutError)


@attrs.frozen
class BulkResult(Generic[T, R]):
    """What happened to one input item: ``value`` if it succeeded, ``error`` otherwise."""

    item: T
    key: str
    outcome: Outcome
    value: R | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """Whether the operation succeeded."""
        return self.outcome == "succeeded"


@attrs.frozen
class BulkProgress:
    """A snapshot handed to ``on_progress`` after each item settles."""

    succeeded: int
    failed: int
    unknown: int
    skipped: int
    in_flight: int
    elapsed: float

    @property
    def done(self) -> int:
        """Items finished, in this run or (``skipped``) an earlier one."""
        return self.succeeded + self.failed + self.unknown + self.skipped

    @property
    def rate(self) -> float:
        """Items settled by this run per second."""
        settled = self.succeeded + self.failed + self.unknown
        return settled / self.elapsed if self.elapsed > 0 else 0.0


ItemOperation = Callable[["ZohoBooks", T], Awaitable[R]]
KeyFunction = Callable[[T], object]
ProgressCallback = Callable[[BulkProgress], None]


class ItemCancelledError(Exception):
    """The run was cancelled before this item's operation finished."""


@attrs.frozen
class _InFlight(Generic[T]):
    item: T
    key: str
    index: int
    resolution: ItemResolution


class BulkRun(Generic[T, R]):
    """A bulk run: iterate it for results, read ``report`` for the account.

    Use it as an async context manager (or call :meth:`aclose`) so that leaving early cancels
    the items still in flight and closes the checkpoint cleanly. Build it with :func:`run_bulk`.
    """

    def __init__(
        self,
        books: ZohoBooks,
        items: Iterable[T] | AsyncIterable[T],
        operation: ItemOperation[T, R],
        *,
        key: KeyFunction[T] | None = None,
        checkpoint: str | Path | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        idempotent: bool = False,
        redo_unknown: bool = False,
        halt_on: tuple[type[BaseException], ...] = HALT_ON,
        resolve_unknown: bool = True,
    ) -> None:
        if not isinstance(resolve_unknown, bool):
            raise TypeError(f"resolve_unknown must be True or False, got {resolve_unknown!r}")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be an int of at least 1, got {concurrency!r}")
        self.report = BulkReport()
        self._books = books
        self._items = items
        self._operation = operation
        self._key = key
        self._checkpoint_path = Path(checkpoint) if checkpoint is not None else None
        self._checkpoint: Checkpoint | None = None
        self._concurrency = concurrency
        self._on_progress = on_progress
        self._idempotent = idempotent
        self._redo_unknown = redo_unknown
        self._halt_on = halt_on
        self._resolve_unknown = resolve_unknown
        self._source: Iterator[T] | AsyncIterator[T] | None = None
        self._index = 0
        self._exhausted = False
        self._started = False
        self._closed = False
        self._started_at = 0.0
        self._tasks: dict[asyncio.Task[R], _InFlight[T]] = {}
        self._ready: deque[BulkResult[T, R]] = deque()
        self._seen_keys: set[str] = set()

    @property
    def checkpoint(self) -> Checkpoint | None:
        """The open checkpoint, if the run has one."""
        return self._checkpoint

    async def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._started_at = time.perf_counter()
        if isinstance(self._items, AsyncIterable):
            self._source = aiter(self._items)
        else:
            self._source = iter(self._items)
        if self._checkpoint_path is not None:
            self._checkpoint = await Checkpoint.open(self._checkpoint_path)

    async def __aenter__(self) -> Self:
        await self._start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> BulkResult[T, R]:
        await self._start()
        while not self._ready:
            if self._closed:
                raise StopAsyncIteration
            await self._fill()
            if not self._tasks:
                if self._ready:
                    break
                await self.aclose()
                raise StopAsyncIteration
            done, _ = await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda task: self._tasks[task].index):
                self._ready.append(self._settle(task))
        return self._ready.popleft()

    async def complete(self) -> BulkReport:
        """Run to the end without looking at each result, and return the report."""
        async with self:
            async for _ in self:
                pass
        return self.report

    async def aclose(self) -> None:
        """Stop: cancel items in flight, settle them, close the checkpoint. Safe to call twice.

        An item cancelled in flight may have reached Zoho, so it is recorded as ``unknown``
        unless the run was told its operation is ``idempotent`` (then a resumed run redoes it).
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self._tasks:
                self.report.interrupted = True
                for task in self._tasks:
                    task.cancel()
                await asyncio.wait(self._tasks)
            elif not self._exhausted and self._started:
                self.report.interrupted = self.report.halted is None
            await self._close_source()
        finally:
            # Even if this close is itself cancelled, every item started gets an outcome.
            for task in sorted(self._tasks, key=lambda task: self._tasks[task].index):
                if task.done():
                    self._settle(task)
                else:
                    self._abandon(task)
            self.report.elapsed = time.perf_counter() - self._started_at if self._started else 0.0
            if self._checkpoint is not None:
                self._checkpoint.close()

    async def _close_source(self) -> None:
        # Leaving early must finalize a generator input now, not at interpreter exit.
        source = self._source
        if self._exhausted or source is None:
            return
        closer = getattr(source, "aclose", None)
        if closer is not None:
            await closer()
        elif hasattr(source, "close"):
            source.close()

    async def _fill(self) -> None:
        # Items failing before they start (bad or repeated key) wait in ``_ready``: bound it too.
        while (
            len(self._tasks) < self._concurrency
            and len(self._ready) < self._concurrency
            and not self._exhausted
            and self.report.halted is None
        ):
            item = await self._next_item()
            if item is _END:
                self._exhausted = True
                return
            index = self._index
            self._index += 1
            try:
                key = self._key_of(item, index)
            except Exception as error:  # a bad item must not stop the run
                self._ready.append(self._conclude(item, f"#{index}", "failed", error=error))
                continue
            after_unknown = self._resolvable_unknown(key)
            if not after_unknown and self._resumed(item, key):
                continue
            if self._duplicate(item, key):
                continue
            if self._checkpoint is not None and not self._idempotent:
                # If the process dies with this item in flight, the next run must not resend it.
                self._checkpoint.start(key)
            resolution = ItemResolution(
                enabled=self._resolve_unknown,
                after_unknown=after_unknown,
                on_natural_key_create=self._note_resolvable(key),
            )
            task = asyncio.create_task(
                self._call(item), name=f"zbooks bulk item {key}", context=item_context(resolution)
            )
            self._tasks[task] = _InFlight(item, key, index, resolution)

    async def _next_item(self) -> Any:
        source = self._source
        if isinstance(source, AsyncIterator):
            return await anext(source, _END)
        assert source is not None
        return next(source, _END)

    def _key_of(self, item: T, index: int) -> str:
        if self._key is None:
            return str(index)
        key = self._key(item)
        if not isinstance(key, str | int) or isinstance(key, bool) or str(key) == "":
            raise TypeError(f"key must return a non-empty str or int, got {key!r}")
        return str(key)

    def _note_resolvable(self, key: str) -> Callable[[], None] | None:
        """What to log when ``key``'s item sends a natural-key create (None: nothing to log)."""
        checkpoint = self._checkpoint
        if checkpoint is None or self._idempotent or not self._resolve_unknown:
            return None

        def note() -> None:
            # If the process dies now, the next run may settle this item by resending the create.
            if not checkpoint.closed:
                checkpoint.start(key, resolvable=True)

        return note

    def _resolvable_unknown(self, key: str) -> bool:
        """Whether an earlier run left ``key`` unknown in a create this run can resolve."""
        return (
            self._checkpoint is not None
            and self._resolve_unknown
            and self._checkpoint.outcome(key) == "unknown"
            and self._checkpoint.resolvable(key)
        )

    def _resumed(self, item: T, key: str) -> bool:
        """Account for an item an earlier run finished; True if it is not to run again."""
        if self._checkpoint is None:
            return False
        outcome = self._checkpoint.outcome(key)
        if outcome == "succeeded":
            self.report.skipped += 1
            self._progress()
            return True
        if outcome == "unknown" and not self._redo_unknown:
            message = self._checkpoint.message(key) or "outcome unknown"
            error = OutcomeUnknownError(f"{message} (recorded by an earlier run; not retried)")
            self.report.unknown += 1
            self.report.add_problem(
                ReportEntry(key=key, outcome="unknown", error=error, item=item, earlier_run=True)
            )
            self._progress()
            return True
        return False

    def _duplicate(self, item: T, key: str) -> bool:
        """With a checkpoint, keys must be unique: a repeated key would be resumed wrongly."""
        if self._checkpoint is None:
            return False
        if key in self._seen_keys:
            error = ValueError(f"key {key!r} appears more than once in the input")
            self._ready.append(self._conclude(item, key, "failed", error=error, record=False))
            return True
        self._seen_keys.add(key)
        return False

    async def _call(self, item: T) -> R:
        return await self._operation(self._books, item)

    def _settle(self, task: asyncio.Task[R]) -> BulkResult[T, R]:
        if task.cancelled():
            return self._abandon(task)
        flight = self._tasks.pop(task)
        error = task.exception()
        if error is None:
            return self._finish(flight, "succeeded", value=task.result())
        if isinstance(error, self._halt_on) and self.report.halted is None:
            self.report.halted = f"{type(error).__name__}: {error}"
        if isinstance(error, OutcomeUnknownError):
            return self._finish(flight, "unknown", error=error)
        if isinstance(error, CUT_OFF) and not self._idempotent:
            # Started and cut off: it may have reached Zoho. Not "failed", which a resumed
            # run would send again.
            unknown = OutcomeUnknownError(
                f"this item was cut off in flight ({type(error).__name__}: {error}); "
                "it may or may not have been applied",
                method=getattr(error, "method", None),
                path=getattr(error, "path", None),
            )
            unknown.__cause__ = error
            return self._finish(flight, "unknown", error=unknown)
        if not isinstance(error, Exception):
            # KeyboardInterrupt, SystemExit and the like from inside an operation: stop.
            raise error
        return self._finish(flight, "failed", error=error)

    def _abandon(self, task: asyncio.Task[R]) -> BulkResult[T, R]:
        flight = self._tasks.pop(task)
        if self._idempotent:
            # Safe to do again: "failed" makes a resumed run redo it.
            cancelled = ItemCancelledError("the run was cancelled before this item finished")
            return self._finish(flight, "failed", error=cancelled)
        error = OutcomeUnknownError(
            "the run was cancelled while this item was in flight; it may or may not have been applied"
        )
        return self._finish(flight, "unknown", error=error)

    def _finish(
        self,
        flight: _InFlight[T],
        outcome: Outcome,
        *,
        value: R | None = None,
        error: BaseException | None = None,
    ) -> BulkResult[T, R]:
        resolution = flight.resolution
        # A resumed run may settle it by resending its create (see resolving.py).
        resolvable = outcome == "unknown" and resolution.enabled and resolution.natural_key_create
        return self._conclude(
            flight.item, flight.key, outcome, value=value, error=error, resolvable=resolvable
        )

    def _conclude(
        self,
        item: T,
        key: str,
        outcome: Outcome,
        *,
        value: R | None = None,
        error: BaseException | None = None,
        record: bool = True,
        resolvable: bool = False,
    ) -> BulkResult[T, R]:
        if outcome == "succeeded":
            self.report.succeeded += 1
        else:
            assert error is not None
            # Frames (and every local they hold) would stay alive as long as the report.
            error = without_traceback(error)
            if outcome == "failed":
                self.report.failed += 1
            else:
                self.report.unknown += 1
            self.report.add_problem(ReportEntry(key=key, outcome=outcome, error=error, item=item))
        if record and self._checkpoint is not None and not self._checkpoint.closed:
            self._checkpoint.record(key, outcome, error, resolvable=resolvable)
        self._progress()
        return BulkResult(item=item, key=key, outcome=outcome, value=value, error=error)

    def _progress(self) -> None:
        if self._on_progress is None:
            return
        report = self.report
        self._on_progress(
            BulkProgress(
                succeeded=report.succeeded,
                failed=report.failed,
                unknown=report.unknown,
                skipped=report.skipped,
                in_flight=len(self._tasks),
                elapsed=time.perf_counter() - self._started_at,
            )
        )


def run_bulk(
    books: ZohoBooks,
    items: Iterable[T] | AsyncIterable[T],
    operation: ItemOperation[T, R],
    *,
    key: KeyFunction[T] | None = None,
    checkpoint: str | Path | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: ProgressCallback | None = None,
    idempotent: bool = False,
    redo_unknown: bool = False,
    halt_on: tuple[type[BaseException], ...] = HALT_ON,
    resolve_unknown: bool = True,
) -> BulkRun[T, R]:
    """Run ``operation(books, item)`` for every item, ``concurrency`` at a time.

    ``key(item)`` names an item in the report and the checkpoint (default: its position in
    the input). With ``checkpoint=path``, finished items are logged there and a later run with
    the same path skips what succeeded; unknown outcomes stay unknown unless
    ``redo_unknown=True``. ``idempotent=True`` says doing an item twice is harmless, so items
    cut off by a cancellation are redone on resume instead of being reported unknown.
    ``halt_on`` errors (daily budget spent, credentials rejected, session closed) stop the run
    from reading more input. Rates are held by the session's limiter, not here.

    ``resolve_unknown`` (default True): creates made by an item whose record has a natural key
    Zoho refuses to duplicate (``books.contacts.create``: ``contact_name``) settle a lost answer
    by sending the create again and reading a duplicate refusal as "applied" (see
    :mod:`zbooks_async.bulk.resolving`); an item an earlier run left unknown in such a create is
    resolved the same way on resume. Pass False to report such items unknown instead.

    ``report = await run_bulk(books, ids, lambda b, i: b.contacts.mark_inactive(i)).complete()``
    """
    return BulkRun(
        books,
        items,
        operation,
        key=key,
        checkpoint=checkpoint,
        concurrency=concurrency,
        on_progress=on_progress,
        idempotent=idempotent,
        redo_unknown=redo_unknown,
        halt_on=halt_on,
        resolve_unknown=resolve_unknown,
    )
