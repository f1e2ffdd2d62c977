"""Money in the sandbox: computed as ``Decimal``, written as the JSON numbers Zoho sends.

``json_number`` is the one place a computed number becomes JSON: whole values as ints
(``40``), others as the shortest float of their decimal digits (``1250.5``). Amounts are
rounded to cents first (``money``); the generated ledger counts in whole cents (``cents``,
``from_cents``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal(0)


def json_number(value: Decimal) -> int | float:
    """A Decimal as the JSON number Zoho writes: whole values as ints, else its digits as a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def money(value: Decimal) -> int | float:
    """An amount rounded to cents, as the JSON number Zoho writes (``12.5``, ``40``)."""
    return json_number(value.quantize(CENT))


def from_cents(cents: int) -> int | float:
    """Whole cents as the JSON number of the amount (``125050`` -> ``1250.5``)."""
    return json_number(Decimal(cents).scaleb(-2))


def cents(amount: Any) -> int:
    """A stored amount (number or numeric text) in whole cents; anything else counts as 0."""
    if isinstance(amount, bool):
        return 0
    try:
        value = Decimal(str(amount if amount not in (None, "") else 0).strip())
    except (InvalidOperation, ValueError):
        return 0
    if not value.is_finite():
        return 0
    return int((value * 100).quantize(Decimal(1)))
