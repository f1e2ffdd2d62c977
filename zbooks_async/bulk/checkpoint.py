"""The checkpoint: an append-only JSON-lines log of finished items, so a run can resume.

The file starts with a header line, then holds one line per finished item:
``{"key": "Bowman and Co", "outcome": "succeeded"}``; failures and unknown outcomes carry the
error type and message too. A later line for the same key wins. Each line is written and
flushed as soon as its item finishes, so an interrupted run loses at most the line being
written; a torn last line is dropped when the file is opened again.

Before a write that is not safe to repeat is sent, a ``{"key": ..., "started": true}`` line is
written too: if the process is killed before the item's outcome line, the next run reads the
item as ``unknown`` (it may have been applied) instead of sending it again. An unknown outcome
left by a create that can be resolved through its natural key carries ``"resolvable": true``:
a resumed run settles it by sending the create again (see ``resolving.py``).

A checkpoint may name what it checkpoints: its header then carries a ``scope``, such as
``{"command": "records import", "module": "items", "rows": "content"}``, and :func:`claim`
refuses to resume it for another scope (an items run's checkpoint given to a journals import),
naming both, instead of reading the other run's keys as this one's.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from .report import OUTCOMES, Outcome, error_message

VERSION = 1
HEADER = {"zbooks_checkpoint": VERSION}
CUT_OFF = (
    "an earlier run stopped (killed?) while this item was in flight; it may or may not have been applied"
)


class CheckpointError(ValueError):
    """The checkpoint file cannot be used (not a checkpoint, or damaged in the middle)."""


class Checkpoint:
    """What earlier runs finished, and the log this run appends to.

    Open it with ``await Checkpoint.open(path)``; the bulk runner does this for you when given
    a path. Keys of finished items are kept in memory (roughly 100 bytes each).
    """

    def __init__(
        self,
        path: Path,
        outcomes: dict[str, Outcome],
        messages: dict[str, str],
        resolvable: set[str] | None = None,
    ) -> None:
        self.path = path
        self._outcomes = outcomes
        self._messages = messages
        self._resolvable = resolvable if resolvable is not None else set()
        self._file: IO[str] | None = None

    @classmethod
    async def open(cls, path: str | Path) -> Checkpoint:
        """Read ``path`` if it exists (creating it otherwise) and get ready to append."""
        target = Path(path)
        checkpoint = await asyncio.to_thread(cls._load, target)
        await asyncio.to_thread(checkpoint._open_for_append)
        return checkpoint

    @classmethod
    def _load(cls, path: Path) -> Checkpoint:
        outcomes: dict[str, Outcome] = {}
        messages: dict[str, str] = {}
        resolvable: set[str] = set()
        if not path.exists() or path.stat().st_size == 0:
            return cls(path, outcomes, messages)
        with path.open("rb") as handle:
            raw = handle.read()
        complete = raw[: raw.rfind(b"\n") + 1]
        if not complete and _torn_header(raw):
            # Only a torn header was written: start afresh.
            with path.open("r+b") as handle:
                handle.truncate(0)
            return cls(path, outcomes, messages)
        lines = complete.split(b"\n")[:-1]
        if not lines:
            raise _not_a_checkpoint(path)
        _header(path, lines[0])
        for number, line in enumerate(lines[1:], start=2):
            entry = _parse(line)
            key, outcome = entry.get("key"), entry.get("outcome")
            if isinstance(key, str) and entry.get("started") is True and outcome is None:
                # Started, then no outcome: the process died with the item in flight.
                # A create that was resolvable stays so: its natural key still holds.
                outcomes[key] = "unknown"
                messages[key] = CUT_OFF
                if entry.get("resolvable") is True:
                    resolvable.add(key)
                continue
            if not isinstance(key, str) or outcome not in OUTCOMES:
                raise CheckpointError(
                    f"{path}, line {number} is damaged (not a checkpoint entry: {line[:120]!r}). "
                    f"Delete that line (e.g. sed -i '{number}d' {path}) and run again: its item is "
                    "then treated as never finished, so check it first if it may have been applied. "
                    "Or pass a new checkpoint path to start afresh."
                )
            outcomes[key] = outcome
            if "message" in entry:
                messages[key] = str(entry["message"])
            else:
                messages.pop(key, None)
            if outcome == "unknown" and entry.get("resolvable") is True:
                resolvable.add(key)
            else:
                resolvable.discard(key)
        if len(complete) != len(raw):
            # The last line was torn by an interruption: cut it so appends start on a fresh line.
            with path.open("r+b") as handle:
                handle.truncate(len(complete))
        return cls(path, outcomes, messages, resolvable)

    def _open_for_append(self) -> None:
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self._file = self.path.open("a", encoding="utf-8")
        if fresh:
            self._write(HEADER)

    def outcome(self, key: str) -> Outcome | None:
        """The last outcome recorded for ``key``, or None if it was never finished."""
        return self._outcomes.get(key)

    def message(self, key: str) -> str | None:
        """The error message recorded with ``key``'s last outcome, if any."""
        return self._messages.get(key)

    def resolvable(self, key: str) -> bool:
        """Whether ``key``'s unknown outcome was left by a create a resend can resolve."""
        return key in self._resolvable

    def counts(self) -> dict[Outcome, int]:
        """How many keys stand at each outcome."""
        totals: dict[Outcome, int] = dict.fromkeys(OUTCOMES, 0)
        for outcome in self._outcomes.values():
            totals[outcome] += 1
        return totals

    def start(self, key: str, *, resolvable: bool = False) -> None:
        """Note that ``key``'s operation is about to be sent (read back as unknown if never finished).

        ``resolvable``: what is about to be sent is a create a resend can resolve (see
        ``resolving.py``), so if it never finishes a resumed run may settle it that way.
        """
        self._write({"key": key, "started": True, **({"resolvable": True} if resolvable else {})})

    def record(
        self,
        key: str,
        outcome: Outcome,
        error: BaseException | None = None,
        *,
        resolvable: bool = False,
    ) -> None:
        """Append ``key``'s outcome and flush it to the file at once.

        ``resolvable`` marks an unknown outcome a resumed run may settle by resending a create
        whose natural key Zoho refuses to duplicate.
        """
        entry: dict[str, Any] = {"key": key, "outcome": outcome}
        if error is not None:
            entry["error_type"] = type(error).__name__
            entry["message"] = error_message(error)
            self._messages[key] = entry["message"]
        else:
            self._messages.pop(key, None)
        if resolvable and outcome == "unknown":
            entry["resolvable"] = True
            self._resolvable.add(key)
        else:
            self._resolvable.discard(key)
        self._write(entry)
        self._outcomes[key] = outcome

    def _write(self, entry: dict[str, Any]) -> None:
        if self._file is None:
            raise RuntimeError("the checkpoint is closed")
        # One short line per finished item: write plus flush hands it to the OS page cache
        # without waiting on the disk (no fsync), cheaper than a thread hop per item, and it
        # survives the process being killed.
        self._file.write(_line(entry))
        self._file.flush()

    def close(self) -> None:
        """Flush and close the file. Safe to call twice."""
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def closed(self) -> bool:
        """Whether the log is closed."""
        return self._file is None


def claim(path: str | Path, scope: Mapping[str, str], *, create: bool = True) -> None:
    """Make sure the checkpoint at ``path`` is one of ``scope``'s runs; start it if there is none.

    A checkpoint whose header names another scope (another command, module or way of keying
    rows), or none (written by a run that did not say what it checkpointed), raises
    :class:`CheckpointError` naming both and the remedy: its keys would mean other rows here.
    With ``create=False`` (a dry run) a missing file stays missing.
    """
    target = Path(path)
    wanted = dict(scope)
    first = b""
    if target.exists():
        with target.open("rb") as handle:
            first = handle.readline()
    if not first.endswith(b"\n"):
        if not _torn_header(first):
            raise _not_a_checkpoint(target)
        # Missing, empty or a header torn by an interruption: nothing was checkpointed yet.
        if create:
            with target.open("wb") as handle:
                handle.write(_line({**HEADER, "scope": wanted}).encode())
        return
    found = _header(target, first).get("scope")
    if found == wanted:
        return
    if isinstance(found, dict):
        what = ", ".join(f"{name} {value}" for name, value in sorted(found.items()))
    else:
        what = "rows by their line number (it names no scope: an older zbooks wrote it)"
    wants = ", ".join(f"{name} {value}" for name, value in sorted(wanted.items()))
    raise CheckpointError(
        f"{target} is the checkpoint of another run ({what}), not of this one ({wants}); "
        "its entries cannot be matched to this run's rows. Pass a new --checkpoint path for "
        "this run, or run the command that wrote it"
    )


def _header(path: Path, line: bytes) -> dict[str, Any]:
    header = _parse(line)
    if header.get("zbooks_checkpoint") != VERSION:
        raise _not_a_checkpoint(path)
    return header


def _not_a_checkpoint(path: Path) -> CheckpointError:
    return CheckpointError(
        f"{path} is not a zbooks checkpoint (its first line is not {json.dumps(HEADER)}); "
        "pass a new path, or the file an earlier run wrote"
    )


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


def _torn_header(raw: bytes) -> bool:
    """Whether ``raw`` (no line end) is nothing, or the start of a header cut off while written."""
    start = _line(HEADER).encode()[:-2]  # the header up to where a scope may follow
    return start.startswith(raw) or raw.startswith(start)


def _parse(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line.decode("utf-8"))
    except ValueError:  # not UTF-8 (UnicodeDecodeError is a ValueError) or not JSON
        return {}
    return value if isinstance(value, dict) else {}
