"""The one rule set for input values, shared by every module's keywords and nested objects.

- money: a finite ``Decimal``, an ``int``, or decimal text (``"1000.50"``, as a CSV gives it),
  never a ``float`` (``0.1`` is not one tenth);
- percent: money, or text like ``"10%"`` where Zoho's document takes a percentage;
- date: a ``date`` (not a datetime) or ``"YYYY-MM-DD"`` text naming a real day;
- datetime: a timezone-aware ``datetime``, or ISO 8601 text with its offset;
- id: a string of digits or a non-negative ``int``;
- int, bool (``True``/``False``, or the ``"true"``/``"false"`` text Zoho's documents write);
- str: text, or a number where a document's own example gives a number (zip codes, tax numbers).

A value of the wrong Python type raises ``TypeError``; the right type with a wrong content
(``"03/03/2026"`` for a date) raises ``ValueError``. Both name where the value was given and
what to pass instead, and are raised before any request exists.

Beyond its kind, a keyword may carry limits Zoho puts on its value (an operation's
``constraints``, from the overlay): a number's range, text that is not blank, an id other than
the record the path names. :func:`constrained` enforces them, raising ``ValueError`` too.
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .converter import format_timestamp
from .pipeline.values import FilePart

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_PERCENT = re.compile(r"-?[0-9]+(\.[0-9]+)?%")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:?[0-9]{2}|Z)")


def _shown(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:200]


def wrong_type(where: str, expected: str, value: Any) -> TypeError:
    """A refusal of a value of the wrong Python type."""
    return TypeError(f"{where} must be {expected}, got {_shown(value)}")


def wrong_value(where: str, expected: str, value: Any) -> ValueError:
    """A refusal of a value of the right type whose content does not fit."""
    return ValueError(f"{where} must be {expected}, got {_shown(value)}")


def money(value: Any, where: str) -> Any:
    """An amount as it will be sent: a Decimal or int as given, decimal text as written."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise wrong_value(where, "a finite amount", value)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        if _AMOUNT.fullmatch(value):
            return value
        raise wrong_value(where, "an amount: a Decimal, an int or decimal text like '1000.50'", value)
    if isinstance(value, float):
        raise wrong_type(where, f"exact: pass Decimal({str(value)!r}) (a float is not exact)", value)
    raise wrong_type(where, "an amount: a Decimal, an int or decimal text like '1000.50'", value)


def percent(value: Any, where: str) -> Any:
    """An amount, or a percentage as Zoho's document asks for it (``"10%"``)."""
    if isinstance(value, str) and _PERCENT.fullmatch(value):
        return value
    if isinstance(value, str) and not _AMOUNT.fullmatch(value):
        raise wrong_value(where, "an amount or a percentage like '10%'", value)
    return money(value, where)


def text(value: Any, where: str) -> Any:
    """Text; a number is taken too, as some documents' examples give numbers for text fields
    (``zip`` 94588, ``tax_reg_no``), and sent as given."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    raise wrong_type(where, "a string", value)


def identifier(value: Any, where: str) -> Any:
    """A Zoho id: a string of digits, or a non-negative int, sent as given."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise wrong_type(where, "an id (a string of digits, or an int)", value)


def integer(value: Any, where: str) -> Any:
    """A whole number (not a bool)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise wrong_type(where, "an integer", value)


def boolean(value: Any, where: str) -> Any:
    """``True``/``False``, or the ``"true"``/``"false"`` text the documents write."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise wrong_type(where, "True or False", value)


def day(value: Any, where: str) -> Any:
    """A date as Zoho takes it: ``"YYYY-MM-DD"``."""
    if isinstance(value, datetime):
        raise wrong_type(where, "a date (not a datetime) or 'YYYY-MM-DD'", value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise wrong_value(where, "a real day as 'YYYY-MM-DD'", value) from None
            return value
        raise wrong_value(where, "a date or 'YYYY-MM-DD' text (e.g. '2026-03-03')", value)
    raise wrong_type(where, "a date or 'YYYY-MM-DD'", value)


def timestamp(value: Any, where: str) -> Any:
    """A moment as Zoho takes it: ``2026-03-03T10:00:00+0100``, from an aware datetime or text."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise wrong_value(where, "a timezone-aware datetime (give it a tzinfo)", value)
        return format_timestamp(value)
    if isinstance(value, str):
        if _TIMESTAMP.fullmatch(value):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise wrong_value(where, "a real moment", value) from None
            return value
        raise wrong_value(where, "an aware datetime or text like '2026-03-03T10:00:00+0100'", value)
    raise wrong_type(where, "a timezone-aware datetime", value)


def anything(value: Any, where: str) -> Any:
    """A value the documents leave undescribed, sent as given."""
    return value


def file(value: Any, where: str) -> Any:
    """A file to upload: a path or a ``FilePart``."""
    if isinstance(value, str | os.PathLike | FilePart):
        return value
    raise wrong_type(where, "a file path or a FilePart", value)


SCALARS: dict[str, Callable[[Any, str], Any]] = {
    "str": text,
    "str|int": text,
    "id": identifier,
    "money": money,
    "percent": percent,
    "int": integer,
    "bool": boolean,
    "date": day,
    "datetime": timestamp,
    "any": anything,
    "file": file,
}
"""Each scalar kind of an operation's ``inputs`` and its rule."""


_LIMITS: tuple[tuple[str, str, Callable[[Any, Any], bool]], ...] = (
    ("minimum", "at least", operator.ge),
    ("exclusive_minimum", "more than", operator.gt),
    ("maximum", "at most", operator.le),
    ("exclusive_maximum", "less than", operator.lt),
)


def constrained(
    facts: Mapping[str, Any], value: Any, where: str, path: Mapping[str, object] | None = None
) -> None:
    """Raise ``ValueError`` naming ``where`` if ``value`` (already checked for its kind) breaks
    one of ``facts``: ``minimum``/``maximum``/``exclusive_minimum``/``exclusive_maximum`` (a
    number), ``not_blank`` (text), ``differs_from`` (an id, or each of a list, other than the
    path's id of that name; checked when ``path`` is given)."""
    limits = [(words, test, facts[kind]) for kind, words, test in _LIMITS if kind in facts]
    if limits:
        number = Decimal(value) if isinstance(value, str) else value  # decimal text, checked as money
        if not all(test(number, limit) for _, test, limit in limits):
            expected = " and ".join(f"{words} {limit}" for words, _, limit in limits)
            raise wrong_value(where, expected, value)
    if facts.get("not_blank") and isinstance(value, str) and not value.strip():
        raise wrong_value(where, "text, not blank", value)
    other = facts.get("differs_from")
    if other is not None and path is not None and other in path:
        kept = str(path[other])
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if str(item) == kept:
                at = where if index is None else f"{where}[{index}]"
                raise wrong_value(at, f"an id other than the path's {other} ({kept})", item)
