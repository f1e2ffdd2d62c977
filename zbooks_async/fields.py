"""Checking a generated function's keyword arguments against its operation's documented inputs.

Each generated ``Operation`` carries ``inputs``: keyword -> ``[where, wire name, spec]`` (and
``"required"`` at the end for a field the document marks required on a create), where
``where`` is query, header, body or file, and ``spec`` is ``str``, ``id``, ``money``, ``int``,
``percent``, ``bool``, ``date``, ``datetime``, ``any``, ``file`` (their rules:
``zbooks_async.checking``), ``["enum", [values]]`` (a query parameter whose allowed values
the document lists), ``["list", spec]`` (in a query, ``["list", "id"]``: Zoho's comma-separated
ids, at most 25 a request) or ``["object", {field: spec}]`` (a nested object: a key it does not
list is refused, with the
closest known key). A value the documents allow is sent as given (an id may be a JSON number, as
the documents' examples show it); anything else is a ``TypeError`` or ``ValueError`` naming the
operation and the field's path, raised before a request exists.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from . import checking, inputs
from .converter import unstructure
from .inputs import MAX_IDS_PER_REQUEST, checked_ids
from .operations import Operation
from .pipeline.values import FilePart

FileInput = str | os.PathLike[str] | FilePart
"""A file to upload: a path on disk, or a ``FilePart`` (for bytes or a stream with a file name)."""

IDS = ["list", "id"]
"""The spec of a query parameter taking a list of ids (an action sends them 25 a request)."""


def batched(operation: Operation) -> str | None:
    """The keyword whose ids a bulk action (an action on a path naming no record) sends in
    requests of 25, if it has one; other calls send at most 25 ids in their one request."""
    if operation.shape != "action" or operation.path_params:
        return None
    found = (name for name, entry in operation.inputs.items() if entry[0] == "query" and entry[2] == IDS)
    return next(found, None)


class Prepared:
    """A call's keyword arguments, sorted into query, headers, JSON body and files."""

    __slots__ = ("body", "files", "headers", "query")

    def __init__(self) -> None:
        self.query: dict[str, Any] = {}
        self.headers: dict[str, str] = {}
        self.body: dict[str, Any] | list[Any] | None = None
        self.files: list[tuple[str, FileInput]] = []


def prepare(
    operation: Operation, params: Mapping[str, Any], path: Mapping[str, object] | None = None
) -> Prepared:
    """Check ``params`` against ``operation.inputs`` (and its ``constraints``; those naming a
    path id need ``path``) and sort them; raises TypeError/ValueError if bad."""
    prepared = Prepared()
    inputs = operation.inputs
    unknown = [name for name in params if name not in inputs]
    if unknown:  # a misspelt keyword is named before the required one it may have meant
        raise TypeError(_unknown(operation, unknown[0]))
    missing = [name for name, entry in inputs.items() if len(entry) > 3 and params.get(name) is None]
    if missing:
        needed = ", ".join(sorted(missing))
        raise TypeError(f"{operation.name} needs {needed} (Zoho's document marks them required)")
    for name, value in params.items():
        entry = inputs[name]
        if value is None:
            continue
        where, wire, spec = entry[:3]
        checked = check(spec, value, f"{operation.name}: {name}")
        facts = operation.constraints.get(name)
        if facts:
            checking.constrained(facts, checked, f"{operation.name}: {name}", path)
        if where == "query":
            if spec == IDS:  # Zoho's comma-separated ids, at most 25 a request
                checked = ",".join(checked_ids(name, value, limit=MAX_IDS_PER_REQUEST))
            elif spec == "id" and not (isinstance(checked, int) or _IDS.fullmatch(checked)):
                # Bodies carry blanks and names where the documents show ids; a query id is digits.
                raise checking.wrong_value(f"{operation.name}: {name}", "a Zoho id (digits only)", checked)
            prepared.query[wire] = _query_value(checked)
        elif where == "header":
            prepared.headers[wire] = _text(checked)
        elif where == "file":
            prepared.files.append((wire, checked))
        elif where == "array":  # the whole body is this JSON array
            prepared.body = checked
        else:
            if prepared.body is None:
                prepared.body = {}
            assert isinstance(prepared.body, dict)
            prepared.body[wire] = checked
    for first, last in _RANGES:
        start, end = prepared.query.get(first), prepared.query.get(last)
        if isinstance(start, str) and isinstance(end, str) and start > end:
            # Both checked as "YYYY-MM-DD" text, which sorts as the days do.
            raise ValueError(f"{operation.name}: {first} {start} is after {last} {end}")
    return prepared


_IDS = re.compile(r"[0-9]{1,30}(,[0-9]{1,30})*")
"""A query id: digits, several joined by commas where Zoho takes a list (``contact_ids``)."""

_RANGES = (("start_date", "end_date"), ("from_date", "to_date"))
"""Query dates that bound a range (a statement's, a report's): the first may not follow the last."""


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


def _matches_pattern(values: Sequence[str], value: Any) -> bool:
    """Some documents list a family of values as a pattern (``cf_(\\w+)``: custom field columns)."""
    return isinstance(value, str) and any(
        "(" in choice and re.fullmatch(choice, value) is not None for choice in values
    )


def check(spec: Any, value: Any, where: str) -> Any:
    """``value`` as it will be sent, if ``spec`` allows it; raises TypeError/ValueError naming
    ``where`` (``invoices.create: line_items[0].rate``) otherwise."""
    if isinstance(spec, list):
        if spec[0] == "enum":
            if value not in spec[1] and not _matches_pattern(spec[1], value):
                expected = "one of " + ", ".join(repr(choice) for choice in spec[1])
                raise checking.wrong_type(where, expected, value)
            return value
        if spec[0] == "list":
            if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                raise checking.wrong_type(where, "a list", value)
            return [check(spec[1], item, f"{where}[{index}]") for index, item in enumerate(value)]
        if attrs.has(type(value)):  # a model read from Zoho (an Address) is sent as its fields
            value = unstructure(value)
        if not isinstance(value, Mapping):
            raise checking.wrong_type(where, "an object (a dict)", value)
        fields: Mapping[str, Any] = spec[1]
        if not fields:  # an object the document does not describe: sent as given
            return value
        checked = {}
        for key, item in value.items():
            if key not in fields:
                close = difflib.get_close_matches(str(key), fields, n=1)
                hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(sorted(fields))})"
                raise TypeError(f"{where}.{key}: unknown field{hint}"[:400])
            checked[key] = item if item is None else check(fields[key], item, f"{where}.{key}")
        return checked
    return checking.SCALARS[spec](value, where)
