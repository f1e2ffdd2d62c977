"""Records of every module but contacts: how a create fills one, how a list filters and pages them,
and the few cross-module effects of order to cash (an invoice's totals from its items, a customer
payment that lowers the balances of the invoices it pays).

No HTTP here: ``generic.py`` turns these values into answers. Money is computed as ``Decimal``
and stored as JSON numbers with two decimals at most, as Zoho writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import errors
from .checks import number
from .envelope import ZohoError
from .generic_table import Collection
from .money import CENT, json_number, money
from .state import JSONObject, Organization

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
INITIAL_STATUS = {"/bills": "open", "/creditnotes": "open", "/vendorcredits": "open"}
"""Documents Zoho creates open (usable at once) rather than as drafts."""
TOTALS_INPUTS = frozenset({"line_items", "discount", "shipping_charge", "adjustment"})
NOT_FILTERS = frozenset({"page", "per_page", "sort_column", "sort_order", "organization_id", "filter_by"})
MISSING_MESSAGE = "We couldnt find any resource for the given ID. Please verify the ID and try again."
OWN_MISSING = {"/invoices": (1002, "Invoice does not exist.")}
"""Collections whose not-found answer Zoho documents with its own code and message."""


def missing(collection: Collection) -> ZohoError:
    """HTTP 404 for an unknown record of ``collection`` (code 5, or the module's own code)."""
    code, message = OWN_MISSING.get(collection.path, (5, MISSING_MESSAGE))
    return ZohoError(404, code, message)


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
        initial = "active" if template["status"] in ("active", "inactive") else "draft"
        record["status"] = INITIAL_STATUS.get(collection.path, initial)
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
    """Merge ``body`` into a stored record (its id stays); recompute totals if lines changed.

    The merge is made on a copy, so a refused change leaves the stored record as it was.
    """
    merged = {**record, **{name: value for name, value in body.items() if name != collection.id_field}}
    merged["last_modified_time"] = timestamp
    if isinstance(merged.get("line_items"), list) and TOTALS_INPUTS & body.keys():
        compute_totals(org, merged, collection)
    record.clear()
    record.update(merged)
    org.touch()
    return record


def compute_totals(org: Organization, record: JSONObject, collection: Collection) -> None:
    """Fill each line from its item (name, rate) and set the document's totals, as Zoho does.

    A line's ``item_total`` is rate times quantity (quantity 1 if not given) less its
    ``discount`` (an amount, or a percentage as ``"10%"``); its tax is ``tax_percentage`` of
    that. ``sub_total`` adds the lines; the document's own ``discount`` comes off it before tax;
    ``total`` adds the taxes, ``shipping_charge`` and ``adjustment``. ``balance`` starts at the
    total (``bookkeeping.settle`` lowers it by what was paid, credited or written off).
    """
    items = org.records("/items")
    sub_total = tax_total = Decimal(0)
    lines = []
    for position, given in enumerate(record["line_items"]):
        if not isinstance(given, dict):
            raise errors.invalid_value("line_items")
        line = dict(given)
        item = items.get(str(line.get("item_id", "")))
        if item is not None:
            line.setdefault("name", item.get("name"))
            line.setdefault("rate", item.get("rate", 0))
        rate = number(line.get("rate") or 0, "rate")
        given_quantity = line.get("quantity")
        quantity = Decimal(1) if given_quantity in (None, "") else number(given_quantity, "quantity")
        if quantity < 0:
            raise errors.invalid_value("quantity")
        gross = (rate * quantity).quantize(CENT)
        item_total = gross - discount(line.get("discount"), gross)
        tax = (item_total * number(line.get("tax_percentage") or 0, "tax_percentage") / 100).quantize(CENT)
        line.setdefault("line_item_id", org.new_id())
        line["rate"] = json_number(rate)
        line["quantity"] = json_number(quantity)
        line["item_order"] = position + 1
        line["item_total"] = money(item_total)
        sub_total += item_total
        tax_total += tax
        lines.append(line)
    record["line_items"] = lines
    off = discount(record.get("discount"), sub_total)
    extras = sum(
        (number(record.get(name) or 0, name) for name in ("shipping_charge", "adjustment")), Decimal(0)
    )
    total = sub_total - off + tax_total + extras
    if total < 0:
        raise errors.invalid_value("adjustment")
    record["sub_total"] = money(sub_total)
    record["discount_amount"] = money(off)
    record["tax_total"] = money(tax_total)
    record["total"] = money(total)
    if "balance" in collection.template:
        paid = number(record.get("payment_made") or 0, "payment_made")
        record["balance"] = money(total - paid)


def discount(value: object, base: Decimal) -> Decimal:
    """A discount given as an amount or as ``"12.5%"`` of ``base``, at most ``base``."""
    if value in (None, ""):
        return Decimal(0)
    if isinstance(value, str) and value.strip().endswith("%"):
        off = (base * number(value.strip()[:-1], "discount") / 100).quantize(CENT)
    else:
        off = number(value, "discount").quantize(CENT)
    if off < 0:
        raise errors.invalid_value("discount")
    return min(off, max(base, Decimal(0)))


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
