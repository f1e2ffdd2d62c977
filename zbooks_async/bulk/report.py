"""What a bulk run did: counts, and every item that did not succeed with the error it met."""

from __future__ import annotations

import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from .. import jsoncodec
from ..converter import unstructure

Outcome = Literal["succeeded", "failed", "unknown"]
OUTCOMES: tuple[Outcome, ...] = ("succeeded", "failed", "unknown")
KEPT_PROBLEMS = 1000
"""How many failed or unknown items a report keeps as objects; later ones go to a file."""


@attrs.frozen
class ReportEntry:
    """One item that failed or whose outcome is unknown.

    ``earlier_run`` is True for an unknown outcome carried over from a checkpoint: the item was
    not tried again in this run and still needs a look.
    """

    key: str
    outcome: Outcome
    error: BaseException
    item: Any = attrs.field(repr=False)
    earlier_run: bool = False

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON-ready data: key, outcome, error type, message, Zoho code and status."""
        return {
            "key": self.key,
            "outcome": self.outcome,
            "error_type": type(self.error).__name__,
            "message": error_message(self.error),
            "code": getattr(self.error, "code", None),
            "http_status": getattr(self.error, "http_status", None),
            "earlier_run": self.earlier_run,
            "item": jsonable(self.item),
        }


@attrs.define
class BulkReport:
    """The account of a bulk run; live while the run goes on, final once it ends.

    ``succeeded + failed + unknown + skipped`` is every item read from the input, where
    ``skipped`` counts items a checkpoint shows finished by an earlier run. ``problems`` holds
    the first ``keep`` (1000) failed and unknown items, errors without their tracebacks; later
    ones are written as JSON lines to a temporary file at once and counted in ``spilled``, so a
    run whose every item fails stays small in memory. :meth:`lines` and :meth:`write_jsonl`
    give them all. ``halted`` says why the run stopped reading input early (e.g. the daily
    budget ran out), and ``interrupted`` that it was cancelled.
    """

    succeeded: int = 0
    failed: int = 0
    unknown: int = 0
    skipped: int = 0
    problems: list[ReportEntry] = attrs.field(factory=list)
    halted: str | None = None
    interrupted: bool = False
    elapsed: float = 0.0
    keep: int = KEPT_PROBLEMS
    spilled: int = 0
    _spill: IO[bytes] | None = attrs.field(default=None, init=False, repr=False, eq=False)

    def add_problem(self, entry: ReportEntry) -> None:
        """Keep ``entry`` in ``problems``, or once ``keep`` are kept, write it to the spill file."""
        if len(self.problems) < self.keep:
            self.problems.append(entry)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile()
            # Closed (and so deleted) with the report, quietly, however the report is dropped.
            weakref.finalize(self, self._spill.close)
        self._spill.write(jsoncodec.dumps(entry.to_json()) + b"\n")
        self.spilled += 1

    @property
    def total(self) -> int:
        """Every item accounted for so far."""
        return self.succeeded + self.failed + self.unknown + self.skipped

    @property
    def ok(self) -> bool:
        """True when nothing failed, nothing is unknown and the run went to the end."""
        return not (self.failed or self.unknown or self.halted or self.interrupted)

    @property
    def failures(self) -> list[ReportEntry]:
        """The items that failed (among the ``keep`` first problems)."""
        return [entry for entry in self.problems if entry.outcome == "failed"]

    @property
    def unknowns(self) -> list[ReportEntry]:
        """Writes whose answer was lost (among the ``keep`` first problems): look them up first."""
        return [entry for entry in self.problems if entry.outcome == "unknown"]

    def counts(self) -> dict[str, Any]:
        """The figures as a JSON-ready mapping."""
        return {
            "total": self.total,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "unknown": self.unknown,
            "skipped": self.skipped,
            "halted": self.halted,
            "interrupted": self.interrupted,
            "elapsed_seconds": round(self.elapsed, 3),
        }

    def summary(self) -> str:
        """One line for people: ``10000 items: 9990 succeeded, 8 failed, 2 unknown, 0 skipped``."""
        text = (
            f"{self.total} items: {self.succeeded} succeeded, {self.failed} failed, "
            f"{self.unknown} unknown, {self.skipped} skipped (done earlier) "
            f"in {self.elapsed:.1f} s"
        )
        if self.halted:
            text += f"; halted: {self.halted}"
        if self.interrupted:
            text += "; interrupted"
        return text

    def lines(self) -> Iterator[str]:
        """The report as JSON lines: a ``{"summary": ...}`` line, then one line per problem."""
        yield jsoncodec.dumps({"summary": self.counts()}).decode()
        for entry in self.problems:
            yield jsoncodec.dumps(entry.to_json()).decode()
        spill = self._spill
        if spill is not None:
            spill.flush()
            spill.seek(0)
            try:
                for raw in spill:
                    yield raw.decode().rstrip("\n")
            finally:
                spill.seek(0, 2)  # later problems append at the end again

    def write_jsonl(self, path: str | Path) -> Path:
        """Write :meth:`lines` to ``path`` (replacing it) and return the path."""
        target = Path(path)
        with target.open("w", encoding="utf-8") as handle:
            for line in self.lines():
                handle.write(line + "\n")
        return target


def without_traceback(error: BaseException) -> BaseException:
    """``error`` with its traceback, and those of the errors chained to it, dropped (in place).

    A traceback keeps every frame of the failed call alive, with all their locals: kilobytes
    per item. A report needs the error's type, message and fields, not its frames.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    pending: list[BaseException] = []
    while current is not None:
        if id(current) not in seen:
            seen.add(id(current))
            current.__traceback__ = None
            pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        current = pending.pop() if pending else None
    return error


def error_message(error: BaseException) -> str:
    """The error as a person should read it (Zoho's message with method, path and code)."""
    return str(error) or type(error).__name__


def jsonable(value: Any) -> Any:
    """``value`` as JSON-ready data when it can be (models are unstructured), else its repr."""
    try:
        data = unstructure(value)
        jsoncodec.dumps(data)
    except (TypeError, ValueError):
        return repr(value)
    return data
