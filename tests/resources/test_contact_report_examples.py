"""Every documented response example of the statement, email and report operations, read by its endpoint.

An example that carries a payload is answered to the endpoint, and what the endpoint returns
unstructures back to the example's payload (modulo formatting: ids sent as numbers come back
as strings). An action's ``{code, message}`` comes back as an equal ``ActionResult``. Zoho
documents ten GET answers only as ``{"code": 0, "message": "success"}`` (one as
``{"description": ...}``): there is nothing to read, and the endpoint says which field is missing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import OPERATIONS, MalformedResponseError, ZohoBooks, jsoncodec
from zbooks_async.converter import unstructure

from ..data import zoho_operations
from ..http_mock import BASE
from .contact_examples import CID, example, same_json

Call = Callable[[ZohoBooks], Awaitable[Any]]
C = "/contacts/{contact_id}"

# (method, path, call, the answer field the endpoint reads, or None for an action)
CASES: list[tuple[str, str, Call, str | None]] = [
    ("GET", f"{C}/statements", lambda b: b.contacts.statements.get(CID), "statement"),
    ("POST", f"{C}/statements/email", lambda b: b.contacts.statements.email(CID), None),
    ("GET", f"{C}/statements/email", lambda b: b.contacts.statements.email_content(CID), "data"),
    ("POST", f"{C}/vendorstatements/email", lambda b: b.contacts.statements.email_vendor(CID), None),
    ("GET", f"{C}/vendorstatements/email", lambda b: b.contacts.statements.vendor_email_content(CID), "data"),
    (
        "POST",
        f"{C}/email",
        lambda b: b.contacts.emails.send(CID, to_mail_ids=["a@b.com"], subject="s", body="b"),
        None,
    ),
    ("GET", f"{C}/email", lambda b: b.contacts.emails.content(CID), "data"),
    ("POST", f"{C}/clientreviews/email", lambda b: b.contacts.emails.send_client_review(CID), None),
    ("GET", f"{C}/clientreviews/email", lambda b: b.contacts.emails.client_review_content(CID), "data"),
    ("POST", f"{C}/paymentmethod/email", lambda b: b.contacts.emails.send_payment_method_request(CID), None),
    (
        "GET",
        f"{C}/paymentmethod/email",
        lambda b: b.contacts.emails.payment_method_request_content(CID),
        "data",
    ),
    ("GET", f"{C}/unpaidinvoices", lambda b: b.contacts.reports.unpaid_invoices(CID).collect(), "invoices"),
    (
        "GET",
        f"{C}/receivables/unusedcredits",
        lambda b: b.contacts.reports.unused_credits(CID),
        "unused_credits_receivable",
    ),
    (
        "GET",
        f"{C}/receivables/unusedretainerpayments",
        lambda b: b.contacts.reports.unused_retainer_payments(CID),
        "unused_credits_receivable",
    ),
    (
        "GET",
        f"{C}/refunds",
        lambda b: b.contacts.reports.credit_note_refunds(CID).collect(),
        "creditnote_refunds",
    ),
    (
        "GET",
        f"{C}/paymentrefunds",
        lambda b: b.contacts.reports.payment_refunds(CID).collect(),
        "payment_refunds",
    ),
    (
        "GET",
        f"{C}/incomeandexpense",
        lambda b: b.contacts.reports.income_and_expense(CID),
        "income_and_expense",
    ),
    ("GET", f"{C}/profitandloss", lambda b: b.contacts.reports.profit_and_loss(CID), "profit_and_loss"),
    (
        "GET",
        f"{C}/inventorysummary",
        lambda b: b.contacts.reports.inventory_summary(CID),
        "inventory_summary",
    ),
    (
        "GET",
        f"{C}/openingbalances",
        lambda b: b.contacts.reports.opening_balances(CID),
        "opening_balances",
    ),
]
IDS = [f"{method} {path.removeprefix(C)}" for method, path, _, _ in CASES]


def test_the_table_covers_these_operations_and_the_registry_knows_them() -> None:
    mine = {(method, path) for method, path, _, _ in CASES}
    assert len(mine) == 20
    documented = {(o["method"], o["path"]) for o in zoho_operations()}
    assert mine <= documented
    registered = {(o.method, o.path): o for o in OPERATIONS}
    assert mine <= set(registered)
    scopes = {(o["method"], o["path"]): o["scope"] for o in zoho_operations()}
    assert all(registered[key].scope == scopes[key] for key in mine)


@pytest.mark.parametrize(("method", "path", "call", "key"), CASES, ids=IDS)
async def test_documented_example(
    books: ZohoBooks, http: aioresponses, method: str, path: str, call: Call, key: str | None
) -> None:
    documented = example(method, path)
    pattern = re.compile(rf"{re.escape(BASE)}{re.escape(path.format(contact_id=CID))}\?.*")
    http.add(pattern, method, body=jsoncodec.dumps(documented), content_type="application/json")
    if key is None:
        same_json(documented, unstructure(await call(books)))
    elif key in documented:
        same_json(documented[key], unstructure(await call(books)))
    else:
        with pytest.raises(MalformedResponseError, match=f"no {key!r} field"):
            await call(books)
