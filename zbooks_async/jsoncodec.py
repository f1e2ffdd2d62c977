"""JSON as Zoho speaks it, with money kept exact: numbers with a fraction become ``Decimal``.

Parsing is msgspec's, a C parser about twice as fast as the standard library's on Zoho's
answers (``benchmarks/decode.py``). Each fraction is built as a ``Decimal`` from its text, so
``1369.66`` and amounts of any number of digits stay exact, and integers of any size stay
``int``. Whatever msgspec refuses (a BOM, ``NaN``/``Infinity``, lone surrogates, bad JSON) goes
to the standard library, so answers and errors are exactly those of
``json.loads(raw, parse_float=Decimal)``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import msgspec

_FAST = msgspec.json.Decoder(float_hook=Decimal)
# Built once: json.loads(raw, parse_float=...) builds a new decoder on every call.
_STDLIB = json.JSONDecoder(parse_float=Decimal)


class JSONNestingError(ValueError):
    """JSON nested deeper than a parser can follow without running out of stack."""


def loads(raw: bytes | bytearray | str) -> Any:
    """Parse JSON, reading fractional numbers as ``Decimal`` so ``1369.66`` stays exact.

    Anything that is not JSON raises ``json.JSONDecodeError``; JSON nested too deeply to parse
    raises ``JSONNestingError``. Both are ValueErrors: a hostile answer never escapes as
    RecursionError.
    """
    try:
        try:
            return _FAST.decode(raw)
        except (msgspec.DecodeError, UnicodeEncodeError):  # the latter: str with a lone surrogate
            return _stdlib_loads(raw)
    except RecursionError:
        raise JSONNestingError("JSON nested too deeply to parse") from None


def _stdlib_loads(raw: bytes | bytearray | str) -> Any:
    # What json.loads does, with the decoder built once.
    if isinstance(raw, bytes | bytearray):
        raw = raw.decode(json.detect_encoding(raw), "surrogatepass")
    elif raw.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", raw, 0)
    return _STDLIB.decode(raw)


_EXACT = msgspec.json.Encoder(decimal_format="number")


class _TooManyDigits(ValueError):
    pass


def dumps(data: Any) -> bytes:
    """Serialize to compact UTF-8 JSON; ``Decimal`` is written as a JSON number with every digit."""
    try:
        return json.dumps(data, default=_encode_extra, separators=(",", ":"), ensure_ascii=False).encode()
    except _TooManyDigits:
        # An amount past what a float carries (12345678901234567.89): msgspec writes a Decimal's
        # own digits. Only then, so the usual body is written as it always was.
        return _EXACT.encode(data)


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
        raise _TooManyDigits(f"{value} has more digits than a float carries")
    return as_float
