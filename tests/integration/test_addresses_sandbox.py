"""books.contacts.addresses end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import Address, NotFoundError, ValidationError, ZohoBooks

from .sandbox_session import ORG, live_sandbox, new_contact, received


async def add_one(books: ZohoBooks, contact_id: str, street: str = "4900 Hopyard Rd") -> str:
    address = await books.contacts.addresses.create(
        contact_id, address=street, city="Pleasanton", zip="94588"
    )
    assert address.address_id is not None
    return address.address_id


async def test_add_stores_an_additional_address() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        address = await books.contacts.addresses.create(
            contact_id, Address(attention="Mr.John"), address="4900 Hopyard Rd", zip="94588"
        )
        assert received(sandbox) == (
            "POST",
            f"/contacts/{contact_id}/address",
            {},
            {"attention": "Mr.John", "address": "4900 Hopyard Rd", "zip": "94588"},
        )
    assert address.address_id is not None and address.address == "4900 Hopyard Rd"
    assert sandbox.organization(ORG).related("addresses", contact_id)[address.address_id]["zip"] == "94588"


async def test_list_returns_billing_shipping_and_additional_addresses() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        added = await add_one(books, contact_id)
        addresses = await books.contacts.addresses.list(contact_id)
        assert received(sandbox) == ("GET", f"/contacts/{contact_id}/address", {}, None)
        contact = await books.contacts.get(contact_id)
    assert contact.billing_address is not None and contact.shipping_address is not None
    assert [a.address_id for a in addresses] == [
        contact.billing_address.address_id,
        contact.shipping_address.address_id,
        added,
    ]


async def test_update_edits_the_address_and_sends_its_id() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        address_id = await add_one(books, contact_id)
        updated = await books.contacts.addresses.update(contact_id, address_id, street2="Suite 310")
        assert received(sandbox) == (
            "PUT",
            f"/contacts/{contact_id}/address/{address_id}",
            {},
            {"street2": "Suite 310", "address_id": address_id},
        )
    assert updated.street2 == "Suite 310" and updated.address == "4900 Hopyard Rd"


async def test_a_deleted_address_is_gone() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        address_id = await add_one(books, contact_id)
        result = await books.contacts.addresses.delete(contact_id, address_id)
        assert received(sandbox) == ("DELETE", f"/contacts/{contact_id}/address/{address_id}", {}, None)
        remaining = await books.contacts.addresses.list(contact_id)
        with pytest.raises(NotFoundError) as raised:
            await books.contacts.addresses.update(contact_id, address_id, city="Dublin")
    assert result.message == "The address has been deleted."
    assert address_id not in [a.address_id for a in remaining]
    assert raised.value.code == 1002


async def test_the_billing_address_cannot_be_deleted() -> None:
    async with live_sandbox() as (books, _):
        contact_id = await new_contact(books)
        contact = await books.contacts.get(contact_id)
        assert contact.billing_address is not None and contact.billing_address.address_id is not None
        with pytest.raises(ValidationError):
            await books.contacts.addresses.delete(contact_id, contact.billing_address.address_id)


@pytest.mark.parametrize(
    ("function", "suffix", "role"),
    [
        ("mark_billing", "markasbilling", "billing_address"),
        ("mark_shipping", "markasshipping", "shipping_address"),
    ],
)
async def test_marking_swaps_the_address_into_its_role(function: str, suffix: str, role: str) -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        previous = await books.contacts.update(contact_id, **{role: Address(address="1 Old St")})  # type: ignore[arg-type]
        old_id = getattr(previous, role).address_id
        address_id = await add_one(books, contact_id)
        result = await getattr(books.contacts.addresses, function)(contact_id, address_id)
        assert received(sandbox) == (
            "POST",
            f"/contacts/{contact_id}/address/{address_id}/{suffix}",
            {},
            None,
        )
        contact = await books.contacts.get(contact_id)
        addresses = await books.contacts.addresses.list(contact_id)
    assert result.code == 0
    assert (
        getattr(contact, role).address_id == address_id
        and getattr(contact, role).address == "4900 Hopyard Rd"
    )
    assert old_id in [a.address_id for a in addresses]  # the old one is now an additional address


async def test_verify_checks_a_stored_address() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        address_id = await add_one(books, contact_id)
        result = await books.contacts.addresses.verify(contact_id, address_id)
        assert received(sandbox) == ("POST", f"/contacts/{contact_id}/address/{address_id}/verify", {}, None)
        with pytest.raises(NotFoundError):
            await books.contacts.addresses.verify(contact_id, "1")
    assert result.code == 0


async def test_validate_sends_the_address_as_query_parameters() -> None:
    async with live_sandbox() as (books, sandbox):
        result = await books.contacts.addresses.validate(
            line1="7 Hales Court", city="Pleasanton", postal_code="94588"
        )
        assert received(sandbox) == (
            "GET",
            "/contacts/address/verify",
            {"line1": "7 Hales Court", "city": "Pleasanton", "postal_code": "94588"},
            None,
        )
        with pytest.raises(ValidationError) as raised:
            await books.contacts.addresses.validate(line1="x" * 61)
    assert result.code == 0 and raised.value.code == 2


async def test_list_all_pages_through_every_contacts_addresses() -> None:
    async with live_sandbox(seed_contacts=3) as (books, sandbox):
        contact_id = await new_contact(books)
        added = await add_one(books, contact_id)
        everything = await books.contacts.addresses.list_all(per_page=3).collect()
        assert received(sandbox) == ("GET", "/contacts/address", {"page": "3", "per_page": "3"}, None)
    assert len(everything) == 3 * 2 + 3  # billing and shipping of each seeded contact, plus ours
    assert [(a.contact_id, a.address_id) for a in everything][-1] == (contact_id, added)
    assert everything[-1].contact_name == "Bowman and Co"
