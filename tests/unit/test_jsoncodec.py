"""jsoncodec.loads reads exactly what json.loads(parse_float=Decimal) reads, errors included."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from zbooks_async import jsoncodec

CASES = [
    b'{"amount":1369.66,"id":460000000026049,"name":"Bowman"}',
    b' {"leading": "space"}',
    b'{"trailing": "space"}  \r\n\t',
    b'{"a":1} extra',
    b"",
    b"[1, 2.5]",
    b'"just a string"',
    b'{"cut short":',
    b"nul",
    b'\xef\xbb\xbf{"bom": 1}',
    '{"already": "text"}',
    "\ufeff{}",
    '{"a": 1}\u00a0',  # a no-break space is not JSON whitespace
    '{"a": "caf\u00e9"}'.encode("utf-16"),
]


def outcome(load: object, raw: bytes | str) -> object:
    try:
        return load(raw)  # type: ignore[operator]
    except json.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos)


@pytest.mark.parametrize("raw", CASES, ids=repr)
def test_loads_matches_the_standard_library(raw: bytes | str) -> None:
    expected = outcome(lambda text: json.loads(text, parse_float=Decimal), raw)
    assert outcome(jsoncodec.loads, raw) == expected


def test_fractions_are_exact_decimals() -> None:
    assert jsoncodec.loads(b'{"rate": 0.1}') == {"rate": Decimal("0.1")}
