"""Records of every module but contacts: how a create fills one, how a list filters and pages them,
and the few cross-module effects of order to cash (an invoice's totals from its items, a customer
payment that lowers the balances of the invoices it pays).

No HTTP here: ``generic.py`` turns these values into answers. Money is computed as ``Decimal``
and stored as JSON numbers with two decimals at most, as Zoho writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from . import errors
from .envelope import ZohoError
from .generic_table import Collection
from .state import JSONObject, Organization

CENT = Decimal("0.01")
UNPAID = frozenset({"sent", "viewed", "overdue", "partially_paid", "unpaid"})
"""Invoice statuses that ``status=unpaid`` (``filter_by=Status.Unpaid``) selects."""
NUMBER_PREFIXES = {
    "invoice": "INV-",
    "estimate": "EST-",
    "salesorder": "SO-",
    "purchaseorder": "PO-",
    "creditnote": "CN-",
    "retainerinvoice": "RET-",
    "deliverychallan": "DC-",
    "salesreceipt": "SR-",
    "payment": "",
}
NOT_FILTERS = frozenset({"page", "per_page", "sort_column", "sort_order", "organization_id", "filter_by"})
MISSING_MESSAGE = "We couldnt find any resource for the given ID. Please verify the ID and try again."
OWN_MISSING = {"/invoices": (1002, "Invoice does not exist.")}
"""Collections whose not-found answer Zoho documents with its own code and message."""


def missing(collection: Collection) -> ZohoError:
    """HTTP 404 for an unknown record of ``collection`` (code 5, or the module's own code)."""
    code, message = OWN_MISSING.get(collection.path, (5, MISSING_MESSAGE))
    return ZohoError(404, code, message)


def amount(value: Any, name: str) -> Decimal:
    """A money or quantity value of a request body as ``Decimal`` (400 code 4 if it is not a number)."""
    if isinstance(value, bool):
        raise errors.invalid_field(name)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise errors.invalid_field(name) from None


def money(value: Decimal) -> int | float:
    """A Decimal as the JSON number Zoho writes: whole amounts as ints, else two decimals."""
    rounded = value.quantize(CENT)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def new_record(
    org: Organization,
    collection: Collection,
    parent_ids: tuple[str, ...],
    body: Mapping[str, Any],
    timestamp: str,
) -> JSONObject:
    """Store a record made from ``body`` with a fresh id and Zoho's read-only fields; return it."""
    record: JSONObject = dict(body)
    record[collection.id_field] = org.new_id()
    template = collection.template
    if "status" in template and "status" not in record:
        record["status"] = "active" if template["status"] in ("active", "inactive") else "draft"
    number_field = f"{collection.key}_number"
    if number_field in template and not record.get(number_field):
        series = org.next_number(collection.path)
        prefix = NUMBER_PREFIXES.get(collection.key, collection.key[:3].upper() + "-")
        record[number_field] = f"{prefix}{series:06d}" if prefix else str(series)
    if "date" in template and "date" not in record:
        record["date"] = timestamp[:10]
    for party in ("customer", "vendor"):
        party_id = record.get(f"{party}_id")
        contact = org.contacts.get(str(party_id)) if party_id is not None else None
        if contact is not None and f"{party}_name" not in body:
            record[f"{party}_name"] = contact["contact_name"]
    record["created_time"] = record["last_modified_time"] = timestamp
    if isinstance(record.get("line_items"), list):
        compute_totals(org, record, collection)
    org.records(collection.path, parent_ids)[record[collection.id_field]] = record
    org.touch()
    return record


def update_record(
    org: Organization, collection: Collection, record: JSONObject, body: Mapping[str, Any], timestamp: str
) -> JSONObject:
    """Merge ``body`` into a stored record (its id stays); recompute totals if lines changed."""
    for name, value in body.items():
        if name != collection.id_field:
            record[name] = value
    record["last_modified_time"] = timestamp
    if "line_items" in body and isinstance(record.get("line_items"), list):
        compute_totals(org, record, collection)
    org.touch()
    return record


def compute_totals(org: Organization, record: JSONObject, collection: Collection) -> None:
    """Fill each line from its item (name, rate) and set ``sub_total``, ``total`` and ``balance``.

    ``item_total`` is rate times quantity (quantity 1 if not given); taxes and discounts are
    not modelled. ``balance`` (what is still owed) starts at the total and only payments lower it.
    """
    items = org.records("/items")
    sub_total = Decimal(0)
    lines = []
    for position, given in enumerate(record["line_items"]):
        if not isinstance(given, dict):
            raise errors.invalid_field("line_items")
        line = dict(given)
        item = items.get(str(line.get("item_id", "")))
        if item is not None:
            line.setdefault("name", item.get("name"))
            line.setdefault("rate", item.get("rate", 0))
        rate = amount(line.get("rate", 0), "rate")
        quantity = amount(line.get("quantity", 1), "quantity")
        line.setdefault("line_item_id", org.new_id())
        line["quantity"] = money(quantity) if quantity != quantity.to_integral_value() else int(quantity)
        line["item_order"] = position + 1
        line["item_total"] = money(rate * quantity)
        sub_total += (rate * quantity).quantize(CENT)
        lines.append(line)
    record["line_items"] = lines
    paid = amount(record.get("payment_made", 0), "payment_made")
    record["sub_total"] = record["total"] = money(sub_total)
    if "balance" in collection.template:
        record["balance"] = money(sub_total - paid)


def apply_payment(org: Organization, payment: JSONObject, timestamp: str) -> None:
    """Apply a new customer payment to the invoices it names, lowering their balances.

    Each ``{invoice_id, amount_applied}`` must name a stored invoice and at most its balance
    (400 code 4 otherwise); a balance of 0 marks the invoice paid, less marks it partially paid.
    The payment is also listed under the invoice (``GET /invoices/{id}/payments``).
    """
    applications = payment.get("invoices") or []
    if not isinstance(applications, list):
        raise errors.invalid_field("invoices")
    invoices = org.records("/invoices")
    checked = []
    for application in applications:
        if not isinstance(application, dict):
            raise errors.invalid_field("invoices")
        invoice = invoices.get(str(application.get("invoice_id", "")))
        if invoice is None:
            raise ZohoError(404, *OWN_MISSING["/invoices"])
        applied = amount(application.get("amount_applied", 0), "amount_applied")
        if applied < 0 or applied > amount(invoice.get("balance", 0), "balance"):
            raise errors.invalid_field("amount_applied")
        checked.append((invoice, applied))
    total_applied = sum((applied for _, applied in checked), Decimal(0))
    received = amount(payment.get("amount", total_applied), "amount")
    if total_applied > received:
        raise errors.invalid_field("amount")
    for invoice, applied in checked:
        _pay(invoice, applied, timestamp)
        rows = org.records("/invoices/{}/payments", (invoice["invoice_id"],))
        row_id = org.new_id()
        rows[row_id] = {
            "invoice_payment_id": row_id,
            "payment_id": payment["payment_id"],
            "payment_number": payment.get("payment_number"),
            "payment_mode": payment.get("payment_mode", "cash"),
            "date": payment.get("date"),
            "amount": money(applied),
        }
    payment["unused_amount"] = money(received - total_applied)
    payment.setdefault("amount", money(received))


def refund_payment(org: Organization, payment: JSONObject, timestamp: str) -> None:
    """Undo ``apply_payment`` when a customer payment is deleted: the invoices owe it again."""
    invoices = org.records("/invoices")
    for application in payment.get("invoices") or []:
        invoice = invoices.get(str(application.get("invoice_id", "")))
        if invoice is None:
            continue
        _pay(invoice, -amount(application.get("amount_applied", 0), "amount_applied"), timestamp)
        rows = org.records("/invoices/{}/payments", (invoice["invoice_id"],))
        for row_id, row in list(rows.items()):
            if row["payment_id"] == payment["payment_id"]:
                del rows[row_id]


def _pay(invoice: JSONObject, applied: Decimal, timestamp: str) -> None:
    balance = amount(invoice.get("balance", 0), "balance") - applied
    invoice["balance"] = money(balance)
    invoice["payment_made"] = money(amount(invoice.get("payment_made", 0), "payment_made") + applied)
    if balance <= 0:
        invoice["status"] = "paid"
    elif invoice["payment_made"]:
        invoice["status"] = "partially_paid"
    elif invoice.get("status") in ("paid", "partially_paid"):
        invoice["status"] = "sent"
    invoice["last_modified_time"] = timestamp


def matches(record: Mapping[str, Any], query: Mapping[str, str]) -> bool:
    """Whether ``record`` passes the list filters of ``query`` that are cheap to honour.

    Exact ``*_id``, ``status``, ``*_number`` and ``*_name`` values (``item_id`` and ``item_name``
    match a line); ``*_startswith`` and
    ``*_contains``; ``status=unpaid`` and ``filter_by=Status.Unpaid`` (and other ``Status.X``).
    Parameters a record has no field for (dates, sorting, options) are not filters here.
    """
    for name, wanted in query.items():
        if name in NOT_FILTERS or wanted == "":
            continue
        if name == "status":
            if not _status_matches(record.get("status"), wanted):
                return False
        elif name.endswith("_startswith"):
            field = name.removesuffix("_startswith")
            if field in record and not str(record[field]).casefold().startswith(wanted.casefold()):
                return False
        elif name.endswith("_contains"):
            field = name.removesuffix("_contains")
            if field in record and wanted.casefold() not in str(record[field]).casefold():
                return False
        elif name.endswith(("_id", "_number", "_name")) and not _field_is(record, name, wanted):
            return False
    filter_by = query.get("filter_by", "")
    if filter_by.startswith("Status."):
        return _status_matches(record.get("status"), filter_by.removeprefix("Status."))
    return True


def _field_is(record: Mapping[str, Any], name: str, wanted: str) -> bool:
    """The record's field, or for ``item_id``/``item_name`` any of its lines', equals ``wanted``."""
    if name in record:
        return str(record[name]) == wanted
    line_field = {"item_id": "item_id", "item_name": "name"}.get(name)
    lines = record.get("line_items")
    if line_field and isinstance(lines, list):
        return any(isinstance(line, dict) and str(line.get(line_field)) == wanted for line in lines)
    return False


def _status_matches(status: Any, wanted: str) -> bool:
    wanted = wanted.casefold()
    if wanted == "all":
        return True
    if wanted == "unpaid":
        return status in UNPAID
    return str(status).casefold().replace("_", "") == wanted.replace("_", "")


def applied_filter(query: Mapping[str, str]) -> str:
    """The ``page_context.applied_filter`` Zoho reports: ``Status.All`` unless a status was asked."""
    if query.get("filter_by"):
        return query["filter_by"]
    if query.get("status"):
        return "Status." + query["status"].replace("_", " ").title().replace(" ", "")
    return "Status.All"
