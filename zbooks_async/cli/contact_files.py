"""Records as files: JSON lines or CSV, read row by row and written record by record.

The file's extension names its format: ``.jsonl``, ``.ndjson`` or ``.json`` for JSON lines,
``.csv`` for CSV; any other is refused. JSON lines hold every field. CSV has one column per
field of the record's model; nested values (addresses, contact persons, line items) sit in
their cell as JSON, so a CSV export can be imported again. Money is written with every digit
of its ``Decimal`` and read back as ``Decimal``, never through a float. Files are streamed,
never loaded whole.

Files are read as UTF-8 (a byte order mark is skipped) unless another ``encoding`` is named;
text that does not decode is reported with its line number. A record a file can hold but Zoho
could not take (a cell over 128 KiB, JSON nested too deeply) fails its own row only.
"""

from __future__ import annotations

import codecs
import csv
import os
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Self

import attrs

from .. import jsoncodec
from ..converter import unstructure
from ..inputs import Id, Money
from ..models.contacts import Contact
from ..resources.contact_fields import ContactFields
from ..serialization import json_text

Format = Literal["jsonl", "csv"]
SUFFIXES: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
CSV_COLUMNS: tuple[str, ...] = tuple(a.name for a in attrs.fields(Contact) if a.name != "extra")
WRITABLE: frozenset[str] = frozenset(typing.get_type_hints(ContactFields))
# Fields Zoho computes or assigns: present in exports, ignored on import so a file exported
# from one organization imports into another. Anything neither writable nor here is an error.
READ_ONLY: frozenset[str] = frozenset(CSV_COLUMNS) - WRITABLE
_CONTACT_HINTS: dict[str, Any] = typing.get_type_hints(ContactFields)
_TRUE, _FALSE = frozenset({"true", "yes", "1"}), frozenset({"false", "no", "0"})
MAX_CELL = 128 * 1024
"""The largest CSV cell (in characters) a row may hold; a larger one fails its row."""
# The csv module refuses a cell over its field limit (128 KiB by default) by aborting the whole
# reader; while reading, the limit is raised so an oversized cell reaches us and fails one row.
_READER_LIMIT = 256 * 1024 * 1024
DEFAULT_ENCODING = "utf-8"


class EncodingProblem(ValueError):
    """The file does not decode with the encoding it is read with; says at which line."""


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; ValueError for a name Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1"
        ) from None


def file_format(path: Path) -> Format:
    """The format named by the file's suffix; ValueError for anything else."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"{path}: unknown file type {path.suffix!r}; use .jsonl or .json (one JSON object a "
            "line) or .csv"
        ) from None


@attrs.frozen
class ContactRow:
    """One record of an import file: its line number, its fields, or why it cannot be imported."""

    line: int
    fields: dict[str, Any]
    problem: str | None = None
    repeats: int | None = None  # the line of the earlier row with the same name (or number)

    def value(self, field: str) -> str | None:
        """A field as text, or None when absent or blank."""
        value = self.fields.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return str(value)

    def writable_fields(self) -> dict[str, Any]:
        """The fields to send: read-only ones (ids, balances, timestamps) left out, and blank
        ones (``""``, Zoho's "not set" for a number or a list, as an export writes it back)."""
        return {
            key: value
            for key, value in self.fields.items()
            if key not in READ_ONLY and not (isinstance(value, str) and not value.strip())
        }


def count_rows(path: Path, encoding: str = DEFAULT_ENCODING) -> int:
    """How many records the file holds (blank lines and the CSV header not counted).

    Reading a CSV file through also checks that it decodes: EncodingProblem names the line.
    """
    if file_format(path) == "csv":
        # A quoted cell may hold line breaks: count records as the CSV reader sees them.
        with path.open("rb") as handle, _wide_csv_fields():
            lines = _strict_text(path, handle, encoding)
            records = sum(1 for record in csv.reader(lines) if record)
        return max(0, records - 1)
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


CellReader = Callable[[str, str], Any]
"""``(column, cell text) -> value``: how a CSV cell is read (ValueError if it cannot be)."""


def read_rows(
    path: Path, encoding: str = DEFAULT_ENCODING, cell: CellReader | None = None
) -> Iterator[ContactRow]:
    """Yield the file's records one at a time; a malformed record becomes a row with a problem.

    ``cell`` reads a CSV cell (default: as the ``ContactFields`` type of its column).
    """
    if file_format(path) == "csv":
        yield from _csv_rows(path, encoding, cell or _contact_cell)
    else:
        yield from _jsonl_rows(path, encoding)


def _text_lines(
    path: Path, handle: Iterable[bytes], encoding: str, *, strict: bool
) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` per line, ends kept; text is None for a line that does not decode.

    ``strict`` raises EncodingProblem instead. Decoding is incremental, so a character that
    spans the raw line split (UTF-16) still decodes.
    """
    name = check_encoding(encoding)
    # utf-8-sig: spreadsheets save "CSV UTF-8" with a byte order mark before the first column.
    decoder = codecs.getincrementaldecoder("utf-8-sig" if name == "utf-8" else name)()
    number = 0
    pending = ""
    for raw in handle:
        try:
            pending += decoder.decode(raw)
        except UnicodeDecodeError as exc:
            number += 1
            if strict:
                raise EncodingProblem(
                    f"{path}, line {number} is not {encoding} text ({exc.reason}): pass "
                    "--encoding with the encoding the file was saved in (e.g. --encoding cp1252), "
                    "or save it as UTF-8"
                ) from None
            decoder.reset()
            pending = ""
            yield number, None
            continue
        while "\n" in pending:
            line, pending = pending.split("\n", 1)
            number += 1
            yield number, line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield number + 1, pending


def _strict_text(path: Path, handle: Iterable[bytes], encoding: str) -> Iterator[str]:
    for _, text in _text_lines(path, handle, encoding, strict=True):
        assert text is not None  # strict: a line that does not decode raises instead
        yield text


def _jsonl_rows(path: Path, encoding: str) -> Iterator[ContactRow]:
    with path.open("rb") as handle:
        for number, line in _text_lines(path, handle, encoding, strict=False):
            if line is None:
                yield ContactRow(number, {}, f"line {number} is not {encoding} text")
                continue
            if not line.strip():
                continue
            try:
                data = jsoncodec.loads(line)
            except ValueError as exc:
                yield ContactRow(number, {}, f"line {number} is not JSON: {exc}")
                continue
            except RecursionError:
                yield ContactRow(number, {}, f"line {number} holds JSON nested too deeply")
                continue
            if not isinstance(data, dict):
                yield ContactRow(number, {}, f"line {number} is not a JSON object")
                continue
            yield ContactRow(number, data)


def _csv_rows(path: Path, encoding: str, cell_value: CellReader) -> Iterator[ContactRow]:
    with path.open("rb") as handle, _wide_csv_fields():
        lines = _NumberedLines(_strict_text(path, handle, encoding))
        reader = csv.DictReader(lines)
        _ = reader.fieldnames  # read the header now, so it is not taken for a record's start
        while True:
            lines.begin_record()
            record = next(reader, None)
            if record is None:
                return
            number = lines.start  # where the record starts: a quoted cell may span lines
            fields: dict[str, Any] = {}
            problems: list[str] = []
            for column, cell in record.items():
                if column is None:
                    problems.append("more cells than columns")
                    continue
                if cell is None or not cell.strip():
                    continue
                if len(cell) > MAX_CELL:
                    problems.append(f"{column}: the cell holds {len(cell)} characters, over {MAX_CELL}")
                    continue
                try:
                    fields[column] = cell_value(column, cell)
                except (ValueError, InvalidOperation) as exc:
                    problems.append(f"{column}: {exc}")
                except RecursionError:
                    problems.append(f"{column}: JSON nested too deeply")
            problem = f"line {number}: " + "; ".join(problems) if problems else None
            yield ContactRow(number, fields, problem)


@contextmanager
def _wide_csv_fields() -> Iterator[None]:
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, _READER_LIMIT))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


class _NumberedLines:
    """The file's lines, noting which one a CSV record starts on."""

    def __init__(self, handle: Iterator[str]) -> None:
        self._handle = handle
        self._number = 0
        self._fresh = True
        self.start = 0

    def begin_record(self) -> None:
        self._fresh = True

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self._number += 1
        if self._fresh and line.strip():  # blank lines between records are skipped
            self.start, self._fresh = self._number, False
        return line


def _contact_cell(column: str, cell: str) -> Any:
    return cell_value(cell, _CONTACT_HINTS.get(column))


def cell_value(cell: str, hint: Any) -> Any:
    """A CSV cell read as ``hint`` says (``Money``/``Decimal``, ``int``, ``bool``, text; a
    cell starting with a bracket is JSON unless its column is text); ValueError if it cannot be."""
    text = cell.strip()
    if hint == Id:  # a cell is text: an id stays the text it is
        hint = str
    elif hint == Money:
        hint = Decimal
    if hint is None or hint is str or typing.get_origin(hint) is Literal:
        # Text (names, notes, and columns that are not writable fields) is taken as written,
        # even when it starts with a bracket: "[EU] Zylker" is a name, not JSON.
        return cell
    if text[:1] in "[{":
        return jsoncodec.loads(text)  # nested values; fractions read as exact Decimal
    if hint is Decimal:
        return Decimal(text)
    if hint is int:
        return int(text)
    if hint is bool:
        lowered = text.lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ValueError(f"expected true or false, got {text!r}")
    return cell


class RecordWriter:
    """Writes records (JSON objects) to ``path`` through ``path.part``, renamed into place on success.

    An export that fails or is interrupted leaves the previous file (if any) untouched. A CSV
    file has the given ``columns``; with ``more_columns`` every other field met is given a
    column of its own after them (the rows wait in the part file until the header is known),
    so nothing Zoho sent is lost.
    """

    def __init__(self, path: Path, columns: Sequence[str], *, more_columns: bool = False) -> None:
        self.path = path
        self.format = file_format(path)
        self.written = 0
        self._columns = list(columns)
        self._known = set(columns)
        self._more = more_columns and self.format == "csv"
        self._partial = path.with_name(path.name + ".part")
        self._handle: IO[str] | None = None
        self._csv: Any = None

    def __enter__(self) -> Self:
        self._handle = self._partial.open("w", encoding="utf-8", newline="")
        if self.format == "csv" and not self._more:
            self._csv = csv.writer(self._handle)
            self._csv.writerow(self._columns)
        return self

    def write_record(self, data: Mapping[str, Any]) -> None:
        """Append one record (a short buffered write; no await needed)."""
        assert self._handle is not None
        if self._csv is not None:
            self._csv.writerow([_cell_text(data.get(column)) for column in self._columns])
        else:
            if self._more:
                for name in data:
                    if name not in self._known:  # in the order met, so the header is stable
                        self._columns.append(name)
                        self._known.add(name)
            self._handle.write(json_text(data) + "\n")
        self.written += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._handle is not None
        self._handle.close()
        try:
            if exc_type is None and self._more:
                self._rewrite_as_csv()
        except BaseException:
            self._partial.unlink(missing_ok=True)
            raise
        if exc_type is None:
            os.replace(self._partial, self.path)
        else:
            self._partial.unlink(missing_ok=True)

    def _rewrite_as_csv(self) -> None:
        spool = self._partial.with_name(self._partial.name + ".jsonl")
        os.replace(self._partial, spool)
        try:
            with spool.open("rb") as source, self._partial.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(self._columns)
                for line in source:
                    data = jsoncodec.loads(line)
                    writer.writerow([_cell_text(data.get(column)) for column in self._columns])
        finally:
            spool.unlink(missing_ok=True)


class ContactWriter(RecordWriter):
    """Writes contacts to ``path`` (one column per ``Contact`` field in CSV); see RecordWriter."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, CSV_COLUMNS)

    def write(self, contact: Contact) -> None:
        """Append one contact."""
        self.write_record(unstructure(contact))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
