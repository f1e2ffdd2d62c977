"""Order to cash and procure to pay: what payments, credits, write-offs and conversions do to
the documents they touch, as hooks keyed by method and path template (``HOOKS``).

Balances are never adjusted step by step: after every write to a ledger module, ``settle``
recomputes one contact's side of the books from the records that exist. So deleting a payment,
a credit application or a refund undoes it, and nothing can drift.

- an invoice (a bill) owes ``total - payment_made - credits_applied - write_off_amount``;
  its status follows: ``paid`` at 0, ``partially_paid`` below the total, else ``draft`` if it
  was never sent, ``overdue`` past its due date, ``sent`` (``open`` for bills); ``void`` stays;
- a credit note (a vendor credit) keeps ``total - applied - refunded`` as its balance,
  ``open`` while above 0, then ``closed``;
- a customer (vendor) payment keeps ``amount - applied - refunded`` unused;
- the contact's ``outstanding_receivable_amount`` is the balance of its sent invoices and
  retainer invoices, its ``unused_credits_receivable_amount`` the open credit note balances plus
  the unused payments (``*_payable_*`` the same for bills, vendor credits and vendor payments).

Money is computed as ``Decimal`` and written as JSON numbers (``money.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from . import errors
from .checks import number
from .envelope import ZohoError
from .generic_records import new_record
from .generic_table import collection_of
from .money import money
from .state import JSONObject, Organization

ZERO = Decimal(0)


@attrs.frozen
class Side:
    """One side of the books: the documents a contact owes or is owed, and what settles them."""

    party: str
    owed: str
    owed_id: str
    applications: str
    """The key of a payment's or credit's list of ``{<owed_id>, amount_applied}``."""
    payments: str
    payment_unused: str
    payment_refunds: str
    payment_rows: str
    credits: str
    credit_id: str
    credit_rows: str
    credit_refunds: str
    unpaid_status: str
    outstanding: str
    unused_credits: str
    extra_owed: tuple[str, ...] = ()


RECEIVABLES = Side(
    party="customer_id",
    owed="/invoices",
    owed_id="invoice_id",
    applications="invoices",
    payments="/customerpayments",
    payment_unused="unused_amount",
    payment_refunds="/customerpayments/{}/refunds",
    payment_rows="/invoices/{}/payments",
    credits="/creditnotes",
    credit_id="creditnote_id",
    credit_rows="/creditnotes/{}/invoices",
    credit_refunds="/creditnotes/{}/refunds",
    unpaid_status="sent",
    outstanding="outstanding_receivable_amount",
    unused_credits="unused_credits_receivable_amount",
    extra_owed=("/retainerinvoices",),
)
PAYABLES = Side(
    party="vendor_id",
    owed="/bills",
    owed_id="bill_id",
    applications="bills",
    payments="/vendorpayments",
    payment_unused="balance",
    payment_refunds="/vendorpayments/{}/refunds",
    payment_rows="/bills/{}/payments",
    credits="/vendorcredits",
    credit_id="vendor_credit_id",
    credit_rows="/vendorcredits/{}/bills",
    credit_refunds="/vendorcredits/{}/refunds",
    unpaid_status="open",
    outstanding="outstanding_payable_amount",
    unused_credits="unused_credits_payable_amount",
)
SIDES = (RECEIVABLES, PAYABLES)
LEDGER_MODULES = frozenset(
    {
        "invoices",
        "retainer_invoices",
        "credit_notes",
        "customer_payments",
        "bills",
        "vendor_credits",
        "vendor_payments",
        "estimates",
        "sales_orders",
    }
)
"""Modules whose writes can move a contact's balances: ``settle`` runs after each."""
CLOSED = frozenset({"void", "draft"})


@attrs.frozen
class Call:
    """What a hook sees of one request."""

    org: Organization
    ids: tuple[str, ...]
    record: JSONObject | None
    """The innermost stored record the path names (the credit note of ``/creditnotes/{id}/refunds``)."""
    body: JSONObject
    query: Mapping[str, str]
    timestamp: str

    @property
    def today(self) -> str:
        return self.timestamp[:10]


@attrs.frozen
class Hook:
    """Behaviour of one operation beyond storing a record.

    ``check`` runs before anything is stored and refuses the request by raising; ``act`` does the
    work of an action and may return a record to answer with.
    """

    check: Callable[[Call], None] | None = None
    act: Callable[[Call], JSONObject | None] | None = None


def amount_of(record: Mapping[str, Any], name: str) -> Decimal:
    """A stored amount as ``Decimal`` (absent or ``""`` is 0)."""
    value = record.get(name)
    return ZERO if value in (None, "") else number(value, name)


def _of(org: Organization, path: str, side: Side, party_id: str) -> Iterator[JSONObject]:
    return (r for r in org.records(path).values() if str(r.get(side.party, "")) == party_id)


def applications(record: Mapping[str, Any], side: Side) -> Iterator[tuple[str, Decimal]]:
    """The ``(owed id, amount)`` pairs a payment or credit application names."""
    given = record.get(side.applications)
    rows = given if isinstance(given, list) else []
    if not rows and record.get(side.owed_id) not in (None, ""):
        rows = [record]  # one application at the top level: {invoice_id, amount_applied}
    for row in rows:
        if isinstance(row, dict) and row.get(side.owed_id) not in (None, ""):
            yield str(row[side.owed_id]), amount_of(row, "amount_applied")


def settle(org: Organization, side: Side, party_id: str, today: str) -> None:
    """Recompute one contact's side of the books from the records that exist (see module doc)."""
    owed = {r[side.owed_id]: r for r in _of(org, side.owed, side, party_id)}
    paid: dict[str, Decimal] = {}
    credited: dict[str, Decimal] = {}
    payment_rows: dict[str, list[tuple[JSONObject, Decimal]]] = {}
    unused = ZERO
    for payment in _of(org, side.payments, side, party_id):
        applied = ZERO
        for owed_id, value in applications(payment, side):
            if owed_id in owed:
                paid[owed_id] = paid.get(owed_id, ZERO) + value
                payment_rows.setdefault(owed_id, []).append((payment, value))
                applied += value
        refunded = _sum(org.records(side.payment_refunds, (payment["payment_id"],)).values())
        left = amount_of(payment, "amount") - applied - refunded
        payment[side.payment_unused] = money(left)
        unused += left
    for credit in _of(org, side.credits, side, party_id):
        applied = ZERO
        for row in org.records(side.credit_rows, (credit[side.credit_id],)).values():
            for owed_id, value in applications(row, side):
                if owed_id in owed:
                    credited[owed_id] = credited.get(owed_id, ZERO) + value
                    applied += value
        refunded = _sum(org.records(side.credit_refunds, (credit[side.credit_id],)).values())
        balance = amount_of(credit, "total") - applied - refunded
        credit["balance"] = money(balance)
        if credit.get("status") not in CLOSED:
            credit["status"] = "open" if balance > 0 else "closed"
            unused += balance
    outstanding = ZERO
    for owed_id, document in owed.items():
        document["payment_made"] = money(paid.get(owed_id, ZERO))
        document["credits_applied"] = money(credited.get(owed_id, ZERO))
        _settle_document(document, side.unpaid_status, today)
        _list_payments(org, side, owed_id, payment_rows.get(owed_id, []))
        if document.get("status") not in CLOSED:
            outstanding += amount_of(document, "balance")
    for path in side.extra_owed:
        for document in _of(org, path, side, party_id):
            _settle_document(document, side.unpaid_status, today)
            if document.get("status") not in CLOSED:
                outstanding += amount_of(document, "balance")
    contact = org.contacts.get(party_id)
    if contact is not None:
        for field, value in ((side.outstanding, outstanding), (side.unused_credits, unused)):
            contact[field] = contact[f"{field}_bcy"] = money(value)


def _settle_document(document: JSONObject, unpaid_status: str, today: str) -> None:
    total = amount_of(document, "total")
    settled = sum(
        (amount_of(document, name) for name in ("payment_made", "credits_applied", "write_off_amount")),
        ZERO,
    )
    balance = total - settled
    document["balance"] = money(balance)
    status = document.get("status")
    if status == "void":
        return
    if balance <= 0 and total > 0:
        document["status"] = "paid"
    elif settled > 0:
        document["status"] = "partially_paid"
    elif status == "draft":
        return
    elif str(document.get("due_date") or "9999-12-31") < today:
        document["status"] = "overdue"
    else:
        document["status"] = unpaid_status


def _list_payments(
    org: Organization, side: Side, owed_id: str, paid_by: list[tuple[JSONObject, Decimal]]
) -> None:
    """The rows of ``GET /invoices/{id}/payments`` (``/bills/{id}/payments``): one per payment."""
    rows = org.records(side.payment_rows, (owed_id,))
    kept = {row["payment_id"]: row_id for row_id, row in rows.items()}
    rows.clear()
    for payment, value in paid_by:
        row_id = kept.get(payment["payment_id"]) or org.new_id()
        rows[row_id] = {
            f"{side.applications[:-1]}_payment_id": row_id,
            "payment_id": payment["payment_id"],
            "payment_number": payment.get("payment_number", ""),
            "payment_mode": payment.get("payment_mode", "cash"),
            "date": payment.get("date", ""),
            "amount": money(value),
        }


def _sum(records: Any) -> Decimal:
    return sum((amount_of(record, "amount") for record in records), ZERO)


def settle_parties(org: Organization, records: Any, today: str) -> None:
    """Settle every contact the given records (None allowed) belong to, on both sides."""
    for side in SIDES:
        parties = {str(r[side.party]) for r in records if r and r.get(side.party) not in (None, "")}
        for party_id in sorted(parties):
            settle(org, side, party_id, today)


# Checks before storing -------------------------------------------------------------------


def _applied_within(call: Call, side: Side, party_id: Any, limit: Decimal | None) -> None:
    """Each application names an owed document of this contact and at most its balance; in all at
    most ``limit`` (the money or credit available), when given."""
    owed = call.org.records(side.owed)
    total = ZERO
    for owed_id, value in applications(call.body, side):
        document = owed.get(owed_id)
        if document is None:
            raise _missing(side)
        if str(document.get(side.party)) != str(party_id) or document.get("status") == "void":
            raise errors.invalid_value(side.owed_id)
        if value <= 0 or value > amount_of(document, "balance"):
            raise errors.invalid_value("amount_applied")
        total += value
    if limit is not None and total > limit:
        raise errors.invalid_value("amount_applied")


def _missing(side: Side) -> ZohoError:
    label = "Invoice" if side is RECEIVABLES else "Bill"
    return ZohoError(404, 1002, f"{label} does not exist.")


def _payment_check(side: Side) -> Callable[[Call], None]:
    def check(call: Call) -> None:
        given = call.body.get("amount")
        received = None if given in (None, "") else number(given, "amount")
        if received is not None and received < 0:
            raise errors.invalid_value("amount")
        party_id = call.body.get(side.party) or (call.record or {}).get(side.party)
        if call.record is not None:  # an update: this payment's own applications are released first
            return
        _applied_within(call, side, party_id, received)

    return check


def _credit_application_check(side: Side) -> Callable[[Call], None]:
    def check(call: Call) -> None:
        credit = call.record or {}
        if credit.get("status") in CLOSED:
            raise errors.invalid_value("status")
        _applied_within(call, side, credit.get(side.party), amount_of(credit, "balance"))

    return check


def _refund_check(available: str) -> Callable[[Call], None]:
    def check(call: Call) -> None:
        refund = number(call.body.get("amount", ""), "amount")
        if refund <= 0 or refund > amount_of(call.record or {}, available):
            raise errors.invalid_value("amount")

    return check


# Actions ------------------------------------------------------------------------------------


def _write_off(call: Call) -> JSONObject | None:
    invoice = call.record or {}
    if invoice.get("status") in CLOSED or amount_of(invoice, "balance") <= 0:
        raise errors.invalid_value("status")
    invoice["write_off_amount"] = money(
        amount_of(invoice, "write_off_amount") + amount_of(invoice, "balance")
    )
    return None


def _cancel_write_off(call: Call) -> JSONObject | None:
    (call.record or {})["write_off_amount"] = 0
    return None


def _converted(call: Call, source: JSONObject, reference: str) -> JSONObject:
    """A new invoice carrying the customer and lines of an estimate or a sales order."""
    lines = [{k: v for k, v in line.items() if k != "line_item_id"} for line in source["line_items"]]
    body: JSONObject = {
        "customer_id": source["customer_id"],
        "line_items": lines,
        "date": call.today,
        "reference_number": source.get(reference, ""),
        **{key: source[key] for key in ("discount", "currency_id") if key in source},
    }
    invoice = new_record(call.org, collection_of("/invoices"), (), body, call.timestamp)
    source["status"] = "invoiced"
    return invoice


def _from_estimates(call: Call) -> JSONObject | None:
    raw = call.query.get("estimate_ids", "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    estimates = call.org.records("/estimates")
    if not ids:
        raise errors.invalid_parameter("estimate_ids")
    missing = [estimate_id for estimate_id in ids if estimate_id not in estimates]
    if missing:
        raise ZohoError(404, 1002, "Estimate does not exist.")
    for estimate_id in ids:
        if not estimates[estimate_id].get("line_items") or not estimates[estimate_id].get("customer_id"):
            raise errors.invalid_parameter("estimate_ids")
    created = []
    for estimate_id in dict.fromkeys(ids):
        invoice = _converted(call, estimates[estimate_id], "estimate_number")
        invoice["estimate_id"] = estimate_id
        created.append(invoice)
    settle_parties(call.org, created, call.today)
    return None


def _from_sales_order(call: Call) -> JSONObject | None:
    order = call.org.records("/salesorders").get(call.query.get("salesorder_id", ""))
    if order is None:
        raise ZohoError(404, 1002, "Sales order does not exist.")
    if not order.get("line_items") or not order.get("customer_id"):
        raise errors.invalid_parameter("salesorder_id")
    invoice = _converted(call, order, "salesorder_number")
    invoice["salesorders"] = [{"salesorder_id": order["salesorder_id"]}]
    return invoice


HOOKS: dict[tuple[str, str], Hook] = {
    ("POST", "/customerpayments"): Hook(check=_payment_check(RECEIVABLES)),
    ("PUT", "/customerpayments/{payment_id}"): Hook(check=_payment_check(RECEIVABLES)),
    ("POST", "/customerpayments/{customer_payment_id}/refunds"): Hook(check=_refund_check("unused_amount")),
    ("POST", "/vendorpayments"): Hook(check=_payment_check(PAYABLES)),
    ("PUT", "/vendorpayments/{payment_id}"): Hook(check=_payment_check(PAYABLES)),
    ("POST", "/vendorpayments/{payment_id}/refunds"): Hook(check=_refund_check("balance")),
    ("POST", "/creditnotes/{creditnote_id}/invoices"): Hook(check=_credit_application_check(RECEIVABLES)),
    ("POST", "/creditnotes/{creditnote_id}/refunds"): Hook(check=_refund_check("balance")),
    ("POST", "/vendorcredits/{vendor_credit_id}/bills"): Hook(check=_credit_application_check(PAYABLES)),
    ("POST", "/vendorcredits/{vendor_credit_id}/refunds"): Hook(check=_refund_check("balance")),
    ("POST", "/invoices/{invoice_id}/writeoff"): Hook(act=_write_off),
    ("POST", "/invoices/{invoice_id}/writeoff/cancel"): Hook(act=_cancel_write_off),
    ("POST", "/invoices/fromestimates"): Hook(act=_from_estimates),
    ("POST", "/invoices/fromsalesorder"): Hook(act=_from_sales_order),
}
"""(method, path template) of an operation -> its behaviour beyond storing a record.

Keyed by the path Zoho documents, never by the SDK's function name, so renaming an SDK call
cannot silently drop a behaviour; ``generic.py`` runs them.
"""
