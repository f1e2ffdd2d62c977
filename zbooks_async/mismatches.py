"""Values in Zoho's answers that do not fit the type a model declares for them.

Zoho's documents are often wrong about a field's kind (a list where they promise text, a number
where they promise a string), so reads are total: such a value is kept exactly as it came (in the
model's ``extra``, under its own key, and written back from there) and reported here. A WARNING
is logged once per model field per process, naming the kind expected and the kind seen (never the
value, which may be personal data). In strict mode the read collects every mismatch and fails.
"""

from __future__ import annotations

import logging
import threading
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

logger = logging.getLogger("zbooks_async")

_REPORTED: set[tuple[str, str]] = set()
_LOCAL = threading.local()


@attrs.frozen
class Mismatch:
    """One field whose value did not fit: ``Invoice.documents: expected text, got a list``."""

    model: str
    field: str
    expected: str
    seen: str

    def __str__(self) -> str:
        return f"{self.model}.{self.field}: expected {self.expected}, got {self.seen}"


def json_kind(value: Any) -> str:
    """The JSON kind of a decoded value, as a message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def expected_kind(field_type: Any) -> str:
    """What a field of ``field_type`` takes, in the words of :func:`json_kind`."""
    if typing.get_origin(field_type) in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(field_type) if arm is not type(None)]
        field_type = arms[0] if len(arms) == 1 else field_type
    origin = typing.get_origin(field_type)
    if origin is list:
        return "a list"
    if origin is dict or attrs.has(field_type):
        return "an object"
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(field_type))
    names = {str: "text", Decimal: "a number", int: "a whole number", bool: "a boolean",
             date: "a date (YYYY-MM-DD)", datetime: "a timestamp"}
    return names.get(field_type, getattr(field_type, "__name__", str(field_type)))


def report(model: type, field: str, field_type: Any, value: Any) -> None:
    """Record that ``model.field`` got ``value``, which does not fit ``field_type``."""
    key = (f"{model.__module__}.{model.__qualname__}", field)
    collected: list[Mismatch] | None = getattr(_LOCAL, "collected", None)
    if collected is None and key in _REPORTED:
        return
    mismatch = Mismatch(model.__name__, field, expected_kind(field_type), json_kind(value))
    if collected is not None:
        collected.append(mismatch)
    if key not in _REPORTED:
        _REPORTED.add(key)
        logger.warning(
            "%s; the value is kept as Zoho sent it (in extra[%r]) and sent back unchanged. "
            "Zoho's documents may be wrong here: please report it to zbooks_async.",
            mismatch,
            field,
        )


@contextmanager
def collecting() -> Iterator[list[Mismatch]]:
    """Collect the mismatches reported in this thread while the block runs (strict mode)."""
    outer = getattr(_LOCAL, "collected", None)
    collected: list[Mismatch] = []
    _LOCAL.collected = collected
    try:
        yield collected
    finally:
        _LOCAL.collected = outer
        if outer is not None:
            outer.extend(collected)
