"""The typed model fields for what real Zoho answers carry, read end to end from the sandbox."""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs

from zbooks_async.converter import structure
from zbooks_async.models.contacts import Contact

from .sandbox_session import live_sandbox

# A list row in the shape real Zoho sends (trimmed): "" in empty numbers and lists, +0100.
REAL_ROW = {
    "contact_id": "460000000026049",
    "contact_name": "Silver Mushroom Ltd",
    "contact_type": "customer",  # list rows always carry type and status (docs/models.md)
    "status": "active",
    "customer_name": "Silver Mushroom Ltd",
    "vendor_name": "Silver Mushroom Ltd",
    "source": "user",
    "portal_status": "disabled",
    "custom_fields": "",
    "custom_field_hash": {},
    "outstanding_payable_amount": 0,
    "outstanding_receivable_amount_bcy": 1250.5,
    "outstanding_receivable_amount_formatted": "£1,250.50",
    "tax_percentage": "",
    "exchange_rate": "",
    "opening_balance_amount_bcy": "",
    "created_time": "2022-09-29T12:42:24+0100",
    "last_modified_time": "",
}


def test_a_real_list_row_reads_into_typed_fields() -> None:
    contact = structure(REAL_ROW, Contact)
    assert (contact.customer_name, contact.vendor_name, contact.source) == (
        "Silver Mushroom Ltd",
        "Silver Mushroom Ltd",
        "user",
    )
    assert contact.portal_status == "disabled"
    assert contact.outstanding_receivable_amount_bcy == Decimal("1250.5")
    assert contact.outstanding_payable_amount == Decimal("0")
    assert contact.outstanding_receivable_amount_formatted == "£1,250.50"
    assert (contact.tax_percentage, contact.exchange_rate, contact.opening_balance_amount_bcy) == (
        None,
        None,
        None,
    )
    assert contact.custom_fields is None and contact.custom_field_hash == {}  # "" reads as unset
    assert contact.created_time is not None
    assert contact.created_time.utcoffset() == timezone(timedelta(hours=1)).utcoffset(None)
    assert contact.last_modified_time is None
    assert unknown_fields(contact) == {}  # extra holds only values kept as they came ("")


async def test_get_gives_portal_status_preferences_and_custom_field_hash() -> None:
    async with live_sandbox() as live:
        created = await live.books.contacts.create(
            contact_name="Bowman and Co",
            contact_persons=[{"first_name": "Will", "email": "will@bowman.example", "enable_portal": True}],
        )
        assert created.contact_id is not None
        contact = await live.books.contacts.get(created.contact_id)
    assert contact.portal_status == "disabled" and contact.source == "api"
    assert contact.communication_preference is not None
    assert contact.communication_preference.is_email_enabled is True
    assert contact.contact_persons and contact.contact_persons[0].is_added_in_portal is True
    assert contact.contact_persons[0].communication_preference is not None
    assert contact.custom_field_hash == {}
    assert contact.outstanding_receivable_amount_bcy == Decimal("0")
    assert contact.outstanding_receivable_amount_formatted == "$0.00"
    assert contact.exchange_rate is None  # "" in the answer
    assert "portal_status" not in contact.extra and "source" not in contact.extra


async def test_listed_rows_give_names_source_and_formatted_strings() -> None:
    async with live_sandbox(seed_contacts=3) as live:
        rows = [row async for row in live.books.contacts.list()]
    assert len(rows) == 3
    for row in rows:
        assert row.customer_name == row.contact_name == row.vendor_name
        assert row.source == "user" and row.portal_status in ("enabled", "disabled")
        assert row.created_time_formatted and row.contact_type_formatted in ("Customer", "Vendor")
        assert isinstance(row.outstanding_payable_amount_bcy, Decimal)
        assert unknown_fields(row) == {}


def unknown_fields(model: Any) -> dict[str, Any]:
    """The fields of ``model.extra`` its class does not declare (the rest are values kept as sent)."""
    declared = {field.name for field in attrs.fields(type(model))}
    return {key: value for key, value in model.extra.items() if key not in declared}
