"""books.contacts.tax_info end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError, ValidationError
from zbooks_async.models.tax_info import ContactTaxInfo

from .sandbox_session import live_sandbox, new_contact, received


async def test_add_list_update_delete() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        first = await books.contacts.tax_info.create(
            contact_id, tax_registration_no="29AABCZ1234F1Z5", place_of_contact="KA"
        )
        assert received(sandbox) == (
            "POST",
            f"/contacts/{contact_id}/taxinfo",
            {},
            {"tax_registration_no": "29AABCZ1234F1Z5", "place_of_contact": "KA"},
        )
        second = await books.contacts.tax_info.create(
            contact_id,
            ContactTaxInfo(legal_name="Zylker"),
            tax_registration_no="33AABCZ1234F1Z1",
            is_primary=True,
        )
        assert first.tax_info_id is not None and second.tax_info_id is not None
        listed = await books.contacts.tax_info.list(contact_id)
        assert received(sandbox) == ("GET", f"/contacts/{contact_id}/taxinfo", {}, None)
        updated = await books.contacts.tax_info.update(contact_id, first.tax_info_id, trader_name="Zylker KA")
        assert received(sandbox) == (
            "PUT",
            f"/contacts/{contact_id}/taxinfo/{first.tax_info_id}",
            {},
            {"trader_name": "Zylker KA"},
        )
        deleted = await books.contacts.tax_info.delete(contact_id, second.tax_info_id)
        assert received(sandbox) == (
            "DELETE",
            f"/contacts/{contact_id}/taxinfo/{second.tax_info_id}",
            {},
            None,
        )
        after = await books.contacts.tax_info.list(contact_id)
    assert first.is_primary is True  # the first registration is the primary one
    assert [(r.tax_info_id, r.is_primary) for r in listed] == [
        (first.tax_info_id, False),
        (second.tax_info_id, True),
    ]
    # Zoho takes place_of_contact and answers place_of_supply.
    assert updated.trader_name == "Zylker KA" and updated.place_of_supply == "KA"
    assert updated.place_of_contact is None
    assert deleted.code == 0
    assert [(r.tax_info_id, r.is_primary) for r in after] == [(first.tax_info_id, True)]


async def test_the_sandbox_refuses_a_record_without_a_number_and_unknown_ids() -> None:
    async with live_sandbox() as (books, _):
        contact_id = await new_contact(books)
        with pytest.raises(ValidationError) as invalid:
            await books.contacts.tax_info.create(contact_id, legal_name="Zylker")
        with pytest.raises(NotFoundError) as missing:
            await books.contacts.tax_info.delete(contact_id, "460000000000001")
    assert invalid.value.code == 4 and missing.value.code == 1002
