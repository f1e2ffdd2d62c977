"""Bad input is refused as Zoho refuses it (a 4xx with Zoho's code) and nothing is stored: the
inputs of issue 22, then the same rules on other modules and on updates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from zbooks_async.sandbox.checks import finite_json, number

from .conftest import ORG, Harness
from .references import contact

CUSTOMER = "460000000000901"
VENDOR = "460000000000902"
LINES = [{"name": "Work", "rate": 10, "quantity": 2}]
MISSING_CUSTOMER = (404, 1002, "The Customer is not accessible.")


def invalid(label: str) -> tuple[int, int, str]:
    return (400, 2, f"Invalid value passed for {label}")


BAD_INVOICES: list[tuple[str, Any, tuple[int, int, str]]] = [
    ("unknown customer", {"customer_id": "460000000009999", "line_items": LINES}, MISSING_CUSTOMER),
    ("no customer", {"line_items": LINES}, invalid("Customer Id")),
    ("no line items", {"customer_id": CUSTOMER}, invalid("Line Items")),
    ("empty line items", {"customer_id": CUSTOMER, "line_items": []}, invalid("Line Items")),
    ("line items as text", {"customer_id": CUSTOMER, "line_items": "x"}, invalid("Line Items")),
    ("a line that is not an object", {"customer_id": CUSTOMER, "line_items": [3]}, invalid("Line Items")),
    ("date not YYYY-MM-DD", {"customer_id": CUSTOMER, "line_items": LINES, "date": "03/03/2026"},
     invalid("Date")),
    ("a day that does not exist", {"customer_id": CUSTOMER, "line_items": LINES, "due_date": "2026-02-30"},
     invalid("Due Date")),
    ("quantity NaN", '{"customer_id": "C", "line_items": [{"rate": 1, "quantity": NaN}]}' ,
     invalid("Quantity")),
    ("quantity 1e400", '{"customer_id": "C", "line_items": [{"rate": 1, "quantity": 1e400}]}' ,
     invalid("Quantity")),
    ("rate -Infinity", '{"customer_id": "C", "line_items": [{"rate": -Infinity}]}' , invalid("Rate")),
    ("quantity 'NaN' as text", {"customer_id": CUSTOMER, "line_items": [{"rate": 1, "quantity": "NaN"}]},
     invalid("Quantity")),
    ("rate too large to keep", {"customer_id": CUSTOMER, "line_items": [{"rate": "1e400"}]}, invalid("Rate")),
    ("rate as a word", {"customer_id": CUSTOMER, "line_items": [{"rate": "ten"}]}, invalid("Rate")),
    ("unknown item", {"customer_id": CUSTOMER, "line_items": [{"item_id": "460000000009998"}]},
     (404, 1002, "Item does not exist.")),
    ("unknown account", {"customer_id": CUSTOMER, "line_items": [{"rate": 1, "account_id": "9997"}]},
     (404, 1002, "Account does not exist.")),
    ("a discount that is not a number", {"customer_id": CUSTOMER, "line_items": LINES, "discount": "lots"},
     invalid("Discount")),
]


@pytest.fixture
async def books(sb: Harness) -> Harness:
    org = sb.sandbox.organization(ORG)
    contact(org, CUSTOMER)
    contact(org, VENDOR, "vendor")
    return sb


async def send(sb: Harness, method: str, path: str, body: Any) -> tuple[int, Any]:
    """Send ``body`` as JSON; text is sent as written (JSON's NaN, 1e400), ``"C"`` naming the customer."""
    data = body.replace('"C"', f'"{CUSTOMER}"') if isinstance(body, str) else json.dumps(body)
    return await sb.json(method, path, data=data, headers={"Content-Type": "application/json"})


async def test_every_bad_invoice_of_the_issue_is_refused_and_not_stored(books: Harness) -> None:
    wrong = []
    for name, body, expected in BAD_INVOICES:
        status, answer = await send(books, "POST", "/invoices", body)
        if (status, answer.get("code"), answer.get("message")) != expected:
            wrong.append((name, status, answer))
    assert wrong == []
    assert books.sandbox.organization(ORG).records("/invoices") == {}
    status, listed = await books.json("GET", "/invoices")
    assert (status, listed["invoices"]) == (200, [])


BAD_ELSEWHERE: list[tuple[str, str, Any, tuple[int, int, str]]] = [
    ("bill for an unknown vendor", "/bills", {"vendor_id": "460000000009999", "bill_number": "B-1",
                                              "line_items": LINES}, MISSING_CUSTOMER),
    ("bill without its number", "/bills", {"vendor_id": VENDOR, "line_items": LINES}, invalid("Bill Number")),
    ("estimate with empty lines", "/estimates", {"customer_id": CUSTOMER, "line_items": []},
     invalid("Line Items")),
    ("payment of NaN", "/customerpayments",
     '{"customer_id": "C", "amount": NaN, "date": "2026-01-05", "payment_mode": "cash", "invoices": []}'
     , invalid("Amount")),
    ("payment dated 5/1/2026", "/customerpayments",
     {"customer_id": CUSTOMER, "amount": 5, "date": "5/1/2026", "payment_mode": "cash", "invoices": []},
     invalid("Date")),
    ("expense for an unknown account", "/expenses",
     {"account_id": "460000000009997", "amount": 5, "date": "2026-01-05", "paid_through_account_id": "1"},
     (404, 1002, "Account does not exist.")),
    ("item without its rate", "/items", {"name": "Chair"}, invalid("Rate")),
]


async def test_bad_input_to_other_modules_is_refused_and_not_stored(books: Harness) -> None:
    wrong = []
    for name, path, body, expected in BAD_ELSEWHERE:
        status, answer = await send(books, "POST", path, body)
        if (status, answer.get("code"), answer.get("message")) != expected:
            wrong.append((name, status, answer))
        if books.sandbox.organization(ORG).records(path):
            wrong.append((name, "stored", path))
    assert wrong == []


async def test_a_refused_update_leaves_the_record_as_it_was(books: Harness) -> None:
    status, created = await send(books, "POST", "/invoices", {"customer_id": CUSTOMER, "line_items": LINES})
    assert status == 201
    invoice_id = created["invoice"]["invoice_id"]
    before = json.loads(json.dumps(books.sandbox.organization(ORG).records("/invoices")[invoice_id]))
    for body in (
        {"line_items": "x"},
        {"date": "03/03/2026"},
        '{"line_items": [{"rate": 1, "quantity": 1e400}]}',
        {"customer_id": "460000000009999"},
        {"reference_number": "kept?", "line_items": [{"rate": "NaN"}]},
    ):
        status, answer = await send(books, "PUT", f"/invoices/{invoice_id}", body)
        assert 400 <= status < 500 and answer["code"] in (2, 1002), body
    assert books.sandbox.organization(ORG).records("/invoices")[invoice_id] == before


async def test_contacts_refuse_numbers_json_cannot_carry(books: Harness) -> None:
    body = '{"contact_name": "Nan Ltd", "credit_limit": NaN}'
    status, answer = await send(books, "POST", "/contacts", body)
    assert (status, answer["code"]) == (400, 2)
    assert all(c["contact_name"] != "Nan Ltd" for c in books.sandbox.contacts(ORG))


def test_numbers_are_finite_decimals_of_a_size_zoho_keeps() -> None:
    assert str(number("12.50", "rate")) == "12.50" and str(number(3, "quantity")) == "3"
    for bad in ("NaN", "Infinity", "1e400", 1e300, True, None, "1,234", [1]):
        with pytest.raises(Exception, match="Invalid value passed for Rate"):
            number(bad, "rate")
    with pytest.raises(Exception, match="Invalid value passed for Quantity"):
        finite_json({"line_items": [{"quantity": float("inf")}]})
