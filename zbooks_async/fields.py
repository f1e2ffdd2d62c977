"""Checking a generated function's keyword arguments against its operation's documented inputs.

Each generated ``Operation`` carries ``inputs``: keyword -> ``[where, wire name, spec]`` (and
``"required"`` at the end for a field the document marks required on a create), where
``where`` is query, header, body or file, and ``spec`` is ``str``, ``id``, ``money``, ``int``,
``bool``, ``date``, ``datetime``, ``any``, ``file``, ``["enum", [values]]`` (a query
parameter whose allowed values the document lists), ``["list", spec]`` or
``["object", {field: spec}]``. A value the documents allow is sent as given (an id may be a
JSON number, as the documents' examples show it); anything else is a ``TypeError`` naming the
operation and the field, raised before a request exists.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from . import inputs
from .converter import format_timestamp
from .operations import Operation
from .pipeline.values import FilePart

FileInput = str | os.PathLike[str] | FilePart
"""A file to upload: a path on disk, or a ``FilePart`` (for bytes or a stream with a file name)."""

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class Prepared:
    """A call's keyword arguments, sorted into query, headers, JSON body and files."""

    __slots__ = ("body", "files", "headers", "query")

    def __init__(self) -> None:
        self.query: dict[str, Any] = {}
        self.headers: dict[str, str] = {}
        self.body: dict[str, Any] | None = None
        self.files: list[tuple[str, FileInput]] = []


def prepare(operation: Operation, params: Mapping[str, Any]) -> Prepared:
    """Check ``params`` against ``operation.inputs`` and sort them; raises TypeError if bad."""
    prepared = Prepared()
    inputs = operation.inputs
    missing = [name for name, entry in inputs.items() if len(entry) > 3 and params.get(name) is None]
    if missing:
        needed = ", ".join(sorted(missing))
        raise TypeError(f"{operation.name} needs {needed} (Zoho's document marks them required)")
    for name, value in params.items():
        entry = inputs.get(name)
        if entry is None:
            raise TypeError(_unknown(operation, name))
        if value is None:
            continue
        where, wire, spec = entry[:3]
        checked = _check(spec, value, f"{operation.name}: {name}")
        if where == "query":
            prepared.query[wire] = _query_value(checked)
        elif where == "header":
            prepared.headers[wire] = _text(checked)
        elif where == "file":
            prepared.files.append((wire, checked))
        else:
            if prepared.body is None:
                prepared.body = {}
            prepared.body[wire] = checked
    return prepared


async def file_parts(prepared: Prepared) -> tuple[FilePart, ...]:
    """The upload parts of a prepared call (paths are checked to exist now)."""
    parts: list[FilePart] = []
    for wire, source in prepared.files:
        parts.extend(await inputs.file_parts(wire, [source]))  # one file per documented field
    return tuple(parts)


def _unknown(operation: Operation, name: str) -> str:
    """A short message: close matches only, so a report of many bad rows stays small."""
    close = difflib.get_close_matches(name, operation.inputs, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return (
        f"{operation.name} got an unknown keyword {name!r}{hint} "
        f"(it takes {len(operation.inputs)}: docs/reference/{operation.module}.md)"
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _query_value(value: Any) -> str | int | bool | Decimal | date:
    if isinstance(value, str | int | bool | Decimal | date):
        return value
    return _text(value)


def _fail(where: str, expected: str, value: Any) -> TypeError:
    return TypeError(f"{where} must be {expected}, got {type(value).__name__} {value!r}"[:300])


def _check(spec: Any, value: Any, where: str) -> Any:
    """``value`` as it will be sent, if ``spec`` allows it."""
    if isinstance(spec, list):
        if spec[0] == "enum":
            if value not in spec[1]:
                raise _fail(where, "one of " + ", ".join(repr(choice) for choice in spec[1]), value)
            return value
        if spec[0] == "list":
            if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                raise _fail(where, "a list", value)
            return [_check(spec[1], item, f"{where}[{index}]") for index, item in enumerate(value)]
        if not isinstance(value, Mapping):
            raise _fail(where, "an object (a dict)", value)
        fields: Mapping[str, Any] = spec[1]
        # Keys the documents leave out pass unchanged: nested shapes are documented loosely.
        return {
            key: _check(fields[key], item, f"{where}.{key}") if key in fields and item is not None else item
            for key, item in value.items()
        }
    return _SCALARS[spec](value, where)


def _str(value: Any, where: str) -> Any:
    # The documents' own examples give numbers for some text fields (zip codes, phone numbers).
    if isinstance(value, str) or (isinstance(value, int | float | Decimal) and not isinstance(value, bool)):
        return value
    raise _fail(where, "a string", value)


def _id(value: Any, where: str) -> Any:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise _fail(where, "an id (a string of digits, or an int)", value)


def _money(value: Any, where: str) -> Any:
    if isinstance(value, str) and _AMOUNT.fullmatch(value):
        return value  # "1000.00", as some documents show amounts; sent as written
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise _fail(where, "an amount (Decimal, int, float or text like '1000.00')", value)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise _fail(where, "a finite amount", value)
    return value


def _int(value: Any, where: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _fail(where, "an integer", value)


def _bool(value: Any, where: str) -> Any:
    if isinstance(value, bool) or value in ("true", "false"):  # the documents write both
        return value
    raise _fail(where, "True or False", value)


def _date(value: Any, where: str) -> Any:
    if isinstance(value, datetime):
        raise _fail(where, "a date (not a datetime) or 'YYYY-MM-DD'", value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise _fail(where, "a date or 'YYYY-MM-DD'", value)


def _datetime(value: Any, where: str) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise _fail(where, "a timezone-aware datetime", value)
        return format_timestamp(value)
    if isinstance(value, str):
        return value
    raise _fail(where, "a datetime or a timestamp string", value)


def _any(value: Any, where: str) -> Any:
    return value


def _file(value: Any, where: str) -> Any:
    if isinstance(value, str | os.PathLike | FilePart):
        return value
    raise _fail(where, "a file path or a FilePart", value)


_SCALARS = {
    "str": _str,
    "id": _id,
    "money": _money,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "datetime": _datetime,
    "any": _any,
    "file": _file,
}
