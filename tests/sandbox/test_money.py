"""One money module: every computed amount of the sandbox is written the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zbooks_async.sandbox.money import cents, from_cents, json_number, money


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal("40"), 40), (Decimal("40.00"), 40), (Decimal("1250.5"), 1250.5), (Decimal("0.125"), 0.125)],
)
def test_json_number_writes_whole_values_as_ints(value: Decimal, written: object) -> None:
    assert json_number(value) == written
    assert type(json_number(value)) is type(written)


def test_money_rounds_to_cents() -> None:
    assert money(Decimal("10.005")) == 10.0  # half to even, as Decimal rounds by default
    assert money(Decimal("10.015")) == 10.02


@pytest.mark.parametrize(
    ("stored", "expected"), [(12.5, 1250), ("99.99", 9999), ("", 0), (None, 0), ("x", 0), (True, 0)]
)
def test_cents_reads_stored_amounts(stored: object, expected: int) -> None:
    assert cents(stored) == expected


def test_cents_and_back_is_the_same_amount() -> None:
    assert from_cents(125050) == 1250.5
    assert from_cents(4000) == 40
