"""Helpers for input the hand-written extras take: files, id lists, date ranges, bodies.

Generated calls (and ``zbooks contacts import``) check their keywords with the one checker,
``zbooks_async.fields.prepare`` over ``zbooks_async.checking``. :func:`checked_fields` remains for
the few hand-written overrides whose keywords a ``TypedDict`` types (contact persons, tags,
``update_by_custom_field``), under the same money/date/timestamp rules.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import types
import typing
from collections import abc
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union

import attrs

from . import checking
from .converter import unstructure
from .models.base import Model
from .operations import check_id
from .pipeline.values import FilePart

FileSource = str | os.PathLike[str] | bytes | abc.AsyncIterable[bytes]
"""What an upload accepts: a path on disk, the bytes, or an async stream of byte chunks."""

Money = Decimal | int
"""What a money keyword is typed as: an exact ``Decimal`` or a whole amount. At run time decimal
text (``"1000.50"``, as a CSV file gives it) is taken too; floats are refused (see ``checking``)."""

Id = str | int
"""What an id keyword accepts: a string of digits, or an int (as Zoho's documents write them)."""


@cache
def _hints(schema: type) -> dict[str, Any]:
    return typing.get_type_hints(schema)


def checked_fields(schema: type, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``fields`` against the TypedDict ``schema`` and return them as JSON-ready data."""
    hints = _hints(schema)
    unknown = sorted(set(fields) - set(hints))
    if unknown:
        raise TypeError(
            f"unknown field(s) {', '.join(unknown)} for {schema.__name__}; "
            f"known fields: {', '.join(sorted(hints))}"
        )
    for name, value in fields.items():
        check_value(name, value, hints[name])
    return {name: unstructure(value) for name, value in fields.items() if value is not None}


def body_from(model: Model | None, schema: type, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON body: every field of ``model`` (its ``extra`` too), overlaid with checked ``fields``."""
    body: dict[str, Any] = unstructure(model) if model is not None else {}
    body.update(checked_fields(schema, fields))
    return body


async def file_part(
    name: str, file: FileSource, *, filename: str | None = None, content_type: str | None = None
) -> FilePart:
    """A multipart file from a path, bytes or an async stream; checked before anything is sent.

    A path must name an existing file (its name is the default ``filename``); bytes and streams
    need ``filename``. The content type is guessed from the file name when not given.
    """
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        if not await asyncio.to_thread(path.is_file):
            raise ValueError(f"{name}: no such file: {path}")
        content: bytes | Path | abc.AsyncIterable[bytes] = path
        filename = filename or path.name
    elif isinstance(file, bytes | bytearray):
        content = bytes(file)
    elif isinstance(file, abc.AsyncIterable):
        content = file
    else:
        raise TypeError(
            f"{name}: expected a path, bytes or an async iterable of bytes, got {type(file).__name__}"
        )
    if not filename:
        raise ValueError(f"{name}: filename= is required when the file is given as bytes or a stream")
    guessed = mimetypes.guess_type(filename)[0]
    return FilePart(
        name=name,
        content=content,
        filename=filename,
        content_type=content_type or guessed or "application/octet-stream",
    )


def check_value(name: str, value: Any, hint: Any) -> None:
    """Raise TypeError/ValueError if ``value`` does not fit the type ``hint``."""
    if not _fits(value, hint):
        raise TypeError(f"{name}: expected {_describe(hint)}, got {type(value).__name__} {value!r}")


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (Union, types.UnionType):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if origin is Literal:
        return value in typing.get_args(hint)
    if hint is type(None):
        return value is None
    if origin in (list, tuple, abc.Sequence):
        (item,) = typing.get_args(hint)[:1] or (Any,)
        return isinstance(value, list | tuple) and all(_fits(v, item) for v in value)
    if origin in (dict, abc.Mapping):
        return isinstance(value, Mapping)
    rule = _RULES.get(hint)
    if rule is not None:  # the one rule set every module's keywords follow
        try:
            rule(value, "")
        except (TypeError, ValueError):
            return False
        return True
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type) and issubclass(hint, Model):
        return isinstance(value, hint | Mapping)
    if typing.is_typeddict(hint):
        if not isinstance(value, Mapping):
            return False
        checked_fields(hint, value)
        return True
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


_RULES = {Decimal: checking.money, date: checking.day, datetime: checking.timestamp}


def _describe(hint: Any) -> str:
    if typing.get_origin(hint) in (Union, types.UnionType):
        arms = typing.get_args(hint)
        if Decimal in arms:  # "a Decimal or int" already says int
            arms = tuple(arm for arm in arms if arm is not int)
        return " or ".join(_describe(arm) for arm in arms)
    if hint is Decimal:
        return "a finite Decimal, an int or decimal text like '1000.50' (floats are not exact)"
    if hint is date:
        return "a date or 'YYYY-MM-DD'"
    if hint is datetime:
        return "a timezone-aware datetime"
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


# Zoho documents 200 per request for assigning an owner and for 1099 tracking, and no cap for its
# other comma-separated id lists (contact_ids); 25 keeps every URL short and each request small.
MAX_IDS_PER_REQUEST = 25


def checked_ids(name: str, ids: Sequence[str], *, limit: int | None = None) -> list[str]:
    """Check a sequence of Zoho ids; raise ValueError if it is empty, too long or holds a non-id.

    A lone string is refused (``"123"`` would otherwise read as three ids).
    """
    if isinstance(ids, str | bytes) or not isinstance(ids, Sequence):
        raise TypeError(f"{name} must be a list of ids, got {type(ids).__name__}")
    checked = [check_id(name, value) for value in ids]
    if not checked:
        raise ValueError(f"{name} is empty: pass at least one id")
    if limit is not None and len(checked) > limit:
        raise ValueError(f"{name} holds {len(checked)} ids; Zoho takes at most {limit} per request")
    return checked


def id_batches(name: str, ids: Sequence[str], size: int = MAX_IDS_PER_REQUEST) -> list[str]:
    """Check ``ids`` and split them into comma-joined batches of at most ``size`` ids."""
    checked = checked_ids(name, ids)
    return [",".join(checked[start : start + size]) for start in range(0, len(checked), size)]


def date_range(start_date: date | None, end_date: date | None) -> dict[str, str]:
    """``start_date``/``end_date`` as query values, checked: dates (not datetimes), in order."""
    if start_date is not None:
        start_date = date.fromisoformat(checking.day(start_date, "start_date"))
    if end_date is not None:
        end_date = date.fromisoformat(checking.day(end_date, "end_date"))
    if start_date is not None and end_date is not None and start_date > end_date:
        raise ValueError(f"start_date {start_date} is after end_date {end_date}")
    return {
        name: value.isoformat()
        for name, value in (("start_date", start_date), ("end_date", end_date))
        if value is not None
    }


def require_change(name: str, body: Mapping[str, Any] | Sequence[Any] | None) -> None:
    """Raise ValueError for an update (``name``) whose body would change nothing."""
    if not body:
        raise ValueError(
            f"{name}: nothing to update: pass the fields to change as keywords (or a model read from Zoho)"
        )


def require_fields(fields: Mapping[str, Any], names: tuple[str, ...], action: str) -> None:
    """Raise ValueError naming every field of ``names`` that is missing or empty in ``fields``."""
    missing = [name for name in names if not fields.get(name)]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ValueError(f"{', '.join(missing)} {verb} required to {action}")


async def file_parts(name: str, files: Sequence[FileSource | FilePart]) -> tuple[FilePart, ...]:
    """Several files for one multipart field ``name``, each checked as :func:`file_part` does.

    A ``FilePart`` (for bytes with their file name) is taken as is, renamed to ``name``.
    """
    if isinstance(files, str | bytes | os.PathLike):
        raise TypeError(f"{name} must be a list of files, got one {type(files).__name__}")
    return tuple(
        [
            attrs.evolve(file, name=name) if isinstance(file, FilePart) else await file_part(name, file)
            for file in files
        ]
    )
