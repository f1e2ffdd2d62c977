"""JSON as Zoho speaks it, with money kept exact: numbers with a fraction become ``Decimal``."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

# Built once: json.loads(raw, parse_float=...) builds a new decoder on every call.
_DECODER = json.JSONDecoder(parse_float=Decimal)
# The scanner decode() itself uses (set by JSONDecoder.__init__; typeshed leaves it out).
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_JSON_SPACE = " \t\n\r"


def loads(raw: bytes | str) -> Any:
    """Parse JSON, reading fractional numbers as ``Decimal`` so ``1369.66`` stays exact."""
    # The same checks json.loads makes, so errors read the same.
    if isinstance(raw, bytes | bytearray):
        # An object whose first key follows at once is UTF-8 (what detect_encoding would say).
        encoding = "utf-8" if raw[:2] == b'{"' else json.detect_encoding(raw)
        raw = raw.decode(encoding, "surrogatepass")
    elif raw.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", raw, 0)
    # The decoder's own scanner, called directly: JSONDecoder.decode adds two regular
    # expression matches for the whitespace around the value. Anything unusual (leading
    # space, trailing data, bad JSON) goes through decode, which raises its usual errors.
    try:
        data, end = _SCAN(raw, 0)
    except StopIteration:
        return _DECODER.decode(raw)
    if end != len(raw) and raw[end:].strip(_JSON_SPACE):
        return _DECODER.decode(raw)
    return data


def dumps(data: Any) -> bytes:
    """Serialize to compact UTF-8 JSON; ``Decimal`` is written as a JSON number."""
    return json.dumps(
        data, default=_encode_extra, separators=(",", ":"), ensure_ascii=False
    ).encode()


def _encode_extra(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _decimal_as_number(value)
    raise TypeError(f"cannot send a {type(value).__name__} as JSON: {value!r}")


def _decimal_as_number(value: Decimal) -> int | float:
    if not value.is_finite():
        raise ValueError(f"cannot send {value} as a JSON number")
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    # The stdlib writes floats with repr(), the shortest text that reads back as the same
    # float; for amounts up to 15 significant digits that text equals the Decimal's.
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} has more digits than a JSON number can carry exactly")
    return as_float
