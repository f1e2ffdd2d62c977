"""Store the records a request body names (customer, vendor, item, account) under the ids it
names, so a documented example body passes the sandbox's referential checks."""

from __future__ import annotations

from typing import Any

from zbooks_async.sandbox import Organization
from zbooks_async.sandbox.contacts import blank_contact


def contact(org: Organization, contact_id: str, contact_type: str = "customer") -> None:
    """A contact with this id (named after it), unless one exists."""
    if contact_id in org.contacts:
        return
    record = blank_contact(org, f"Contact {contact_id}", contact_type, "2025-11-30T17:30:00+0530")
    record["contact_id"] = contact_id
    org.put_contact(record)


def provide(org: Organization, body: Any) -> None:
    """Every customer, vendor, item and account ``body`` names, stored under its id."""
    if not isinstance(body, dict):
        return
    for party, kind in (("customer_id", "customer"), ("vendor_id", "vendor")):
        if body.get(party) not in (None, ""):
            contact(org, str(body[party]), kind)
    lines = body.get("line_items")
    for line in (body, *(lines if isinstance(lines, list) else ())):
        if not isinstance(line, dict):
            continue
        if line is not body and line.get("item_id") not in (None, ""):
            item_id = str(line["item_id"])
            org.records("/items").setdefault(item_id, {"item_id": item_id, "name": "Item"})
        if line.get("account_id") not in (None, ""):
            account_id = str(line["account_id"])
            org.records("/chartofaccounts").setdefault(account_id, {"account_id": account_id})
