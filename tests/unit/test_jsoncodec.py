"""jsoncodec.loads reads exactly what json.loads(parse_float=Decimal) reads, errors included."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


MORE_CASES = [
    b"NaN",
    b'{"a": -Infinity}',
    b'"\\ud800"',  # a lone surrogate: msgspec refuses it, the stdlib reads it
    b'"\xed\xa0\x80"',
    b'"\xff"',
    b'"a\x01b"',
    b"01",
    b"[1,]",
    b'{"a":1,"a":2}',
    b"1" * 5000,  # more digits than int() reads by default
]


def read(load: object, raw: bytes | str) -> object:
    """What ``load`` makes of ``raw``: the value's repr (NaN != NaN), or the error it raises."""
    try:
        return ("value", repr(load(raw)))  # type: ignore[operator]
    except json.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos)
    except ValueError as exc:  # invalid UTF-8, an int of too many digits
        return (type(exc), str(exc))


def stdlib(raw: bytes | str) -> object:
    return json.loads(raw, parse_float=Decimal)


@pytest.mark.parametrize("raw", MORE_CASES, ids=repr)
def test_input_msgspec_refuses_reads_as_the_standard_library_reads_it(raw: bytes) -> None:
    assert read(jsoncodec.loads, raw) == read(stdlib, raw)


@settings(derandomize=True, database=None, max_examples=100, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
))
def test_any_json_value_reads_back_as_the_standard_library_reads_it(value: object) -> None:
    raw = json.dumps(value, default=str).encode()
    assert repr(jsoncodec.loads(raw)) == repr(json.loads(raw, parse_float=Decimal))


@settings(derandomize=True, database=None, max_examples=100, deadline=None)
@given(st.binary(max_size=40) | st.text(alphabet='{}[]",:0123456789.eE+- tnrufalsNIiy\\\ud800', max_size=30))
def test_any_bytes_give_the_standard_library_s_answer_or_error(raw: bytes | str) -> None:
    assert read(jsoncodec.loads, raw) == read(stdlib, raw)


def test_money_stays_exact_at_any_number_of_digits_and_big_ids_stay_ints() -> None:
    data = jsoncodec.loads(
        b'{"amount": 12345678901234567890.123456789, "id": 123456789012345678901234567890}'
    )
    assert data == {
        "amount": Decimal("12345678901234567890.123456789"),
        "id": 123456789012345678901234567890,
    }


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        # a lone surrogate first sends the rest to the standard library's parser
        b'["\\ud800",' + b"[" * 100_000 + b"]" * 100_001,
    ],
    ids=["arrays", "objects", "on the fallback parser"],
)
def test_deeply_nested_json_is_a_value_error_never_recursion_error(raw: bytes) -> None:
    with pytest.raises(jsoncodec.JSONNestingError):
        jsoncodec.loads(raw)
