"""Input checks of every write, as Zoho makes them, before anything is stored.

- the documented required body fields of a create are present;
- dates are ``YYYY-MM-DD`` (``""`` leaves one unset);
- numbers are finite and of a size Zoho keeps (no NaN, no Infinity, no ``1e400``);
- ``line_items`` is a non-empty list of objects;
- the customer, vendor, item and account a body names exist.

A refused write answers 400 code 2 naming the field by its label (Zoho's "Invalid value passed
for Payment Terms", seen live), or 404 code 1002 for a record that does not exist (documented for
invoices; "The Customer is not accessible." seen live for contacts). No HTTP here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from . import errors
from .envelope import ZohoError
from .state import JSONObject, Organization

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LARGEST = Decimal("1e15")
"""Amounts and quantities at or above this are refused: Zoho keeps 15 significant digits."""
ACCOUNT_COLLECTIONS = ("/chartofaccounts", "/bankaccounts")


def finite_json(value: Any, name: str = "JSONString") -> None:
    """Refuse a parsed JSON body holding NaN or an infinity (``1e400`` parses as one) anywhere."""
    for field, leaf in _leaves(value, name):
        if isinstance(leaf, float) and not math.isfinite(leaf):
            raise errors.invalid_value(field)


def _leaves(value: Any, name: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, str(key))
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner, name)
    else:
        yield name, value


def number(value: Any, name: str) -> Decimal:
    """A money or quantity value of a body as a finite ``Decimal`` (400 code 2 otherwise).

    Numbers and decimal text are taken; booleans, other text, NaN, infinities and amounts too
    large for Zoho are not.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise errors.invalid_value(name)
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise errors.invalid_value(name) from None
    if not parsed.is_finite() or abs(parsed) >= LARGEST:
        raise errors.invalid_value(name)
    return parsed


def check_date(value: Any, name: str) -> None:
    """A date field holds ``YYYY-MM-DD`` naming a real day, or blank text (unset)."""
    if isinstance(value, str) and not value.strip():
        return
    if not isinstance(value, str) or not DATE.fullmatch(value):
        raise errors.invalid_value(name)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise errors.invalid_value(name) from None


def check_write(
    org: Organization, inputs: Mapping[str, Any], body: JSONObject, *, creating: bool
) -> None:
    """Every check of this module on the body of one write (``inputs`` as ``Operation.inputs``)."""
    if creating:
        for spec in inputs.values():
            if spec[0] == "body" and "required" in spec[3:] and body.get(spec[1]) in (None, ""):
                raise errors.invalid_value(spec[1])
    for name, value in body.items():
        if _is_date(name, inputs):
            check_date(value, name)
    if "line_items" in body:
        lines = body["line_items"]
        if not isinstance(lines, list) or not lines or not all(isinstance(line, dict) for line in lines):
            raise errors.invalid_value("line_items")
        for line in lines:
            for name in ("rate", "quantity"):
                if line.get(name) not in (None, ""):
                    number(line[name], name)
            for name, value in line.items():
                if name == "date" or name.endswith("_date"):
                    check_date(value, name)
    _check_references(org, body)


def _is_date(name: str, inputs: Mapping[str, Any]) -> bool:
    spec = inputs.get(name)
    if spec is not None and spec[0] == "body":
        return bool(spec[2] == "date")
    return name == "date" or name.endswith("_date")


def _check_references(org: Organization, body: JSONObject) -> None:
    for party in ("customer_id", "vendor_id"):
        party_id = body.get(party)
        if party_id not in (None, "") and str(party_id) not in org.contacts:
            raise errors.contact_missing()
    items = org.records("/items")
    lines = body.get("line_items") or []
    for line in (body, *lines):
        item_id = line.get("item_id")
        if line is not body and item_id not in (None, "") and str(item_id) not in items:
            raise ZohoError(404, 1002, "Item does not exist.")
        account_id = line.get("account_id")
        if account_id not in (None, "") and not any(
            str(account_id) in org.records(path) for path in ACCOUNT_COLLECTIONS
        ):
            raise ZohoError(404, 1002, "Account does not exist.")
