"""What hangs off a contact (persons, addresses, comments, documents, tax info) goes with it."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError

from .sandbox_session import ORG, live_sandbox, new_contact


async def test_deleting_a_contact_deletes_its_sub_resources() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        person = await books.contacts.persons.create(contact_id, first_name="Will")
        address = await books.contacts.addresses.create(contact_id, city="Pleasanton")
        await books.contacts.comments.create(contact_id, description="hello")
        await books.contacts.documents.attach(contact_id, b"%PDF", filename="a.pdf")
        await books.contacts.tax_info.create(contact_id, tax_registration_no="29AABCZ1234F1Z5")
        await books.contacts.delete(contact_id)
        assert person.contact_person_id is not None and address.address_id is not None
        with pytest.raises(NotFoundError):
            await books.contacts.persons.get(person.contact_person_id)
        with pytest.raises(NotFoundError):
            await books.contacts.addresses.list(contact_id)
        remaining = await books.contacts.addresses.list_all().collect()
    org = sandbox.organization(ORG)
    assert all(
        not org.related(kind, contact_id) for kind in ("addresses", "comments", "documents", "tax_info")
    )
    assert address.address_id not in [a.address_id for a in remaining]
