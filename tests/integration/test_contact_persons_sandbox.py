"""books.contacts.persons end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

import attrs
import pytest

from zbooks_async import NotFoundError, ValidationError
from zbooks_async.models.contacts import CommunicationPreference

from .sandbox_session import ORG, live_sandbox, new_contact, received


async def test_create_adds_the_person_to_the_contact() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        person = await books.contacts.persons.create(
            contact_id,
            first_name="Will",
            last_name="Smith",
            email="willsmith@zylker.com",
            communication_preference=CommunicationPreference(is_sms_enabled=True),
        )
        assert received(sandbox) == (
            "POST",
            "/contacts/contactpersons",
            {},
            {
                "contact_id": contact_id,
                "first_name": "Will",
                "last_name": "Smith",
                "email": "willsmith@zylker.com",
                "communication_preference": {"is_sms_enabled": True},
            },
        )
        assert person.contact_id == contact_id and person.contact_person_id is not None
        assert person.is_primary_contact is True  # a contact's first person is its primary one
        contact = await books.contacts.get(contact_id)
    assert contact.contact_persons is not None
    assert [p.contact_person_id for p in contact.contact_persons] == [person.contact_person_id]
    assert contact.primary_contact_id == person.contact_person_id
    stored = sandbox.organization(ORG).contacts[contact_id]["contact_persons"]
    assert stored[0]["email"] == "willsmith@zylker.com"


async def test_list_pages_through_the_persons_of_a_contact() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        for name in ("Ann", "Bob", "Cy"):
            await books.contacts.persons.create(contact_id, first_name=name)
        names = [p.first_name async for p in books.contacts.persons.list(contact_id, per_page=2)]
        assert received(sandbox) == (
            "GET",
            f"/contacts/{contact_id}/contactpersons",
            {"page": "2", "per_page": "2"},
            None,
        )
    assert names == ["Ann", "Bob", "Cy"]


async def test_list_all_reads_every_person_of_the_organization() -> None:
    async with live_sandbox() as (books, sandbox):
        first = await new_contact(books, "First")
        second = await new_contact(books, "Second")
        await books.contacts.persons.create(first, first_name="Ann")
        await books.contacts.persons.create(second, first_name="Bob")
        people = await books.contacts.persons.list_all().collect()
        assert received(sandbox) == (
            "GET",
            "/contacts/contactpersons",
            {"page": "1", "per_page": "200"},
            None,
        )
    assert [(p.contact_id, p.first_name) for p in people] == [(first, "Ann"), (second, "Bob")]


async def test_get_and_get_for_contact_read_the_stored_person() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        created = await books.contacts.persons.create(contact_id, first_name="Will", designation="Manager")
        assert created.contact_person_id is not None
        fetched = await books.contacts.persons.get(created.contact_person_id)
        assert received(sandbox) == ("GET", f"/contacts/contactpersons/{created.contact_person_id}", {}, None)
        of_contact = await books.contacts.persons.get_for_contact(contact_id, created.contact_person_id)
        assert received(sandbox) == (
            "GET",
            f"/contacts/{contact_id}/contactpersons/{created.contact_person_id}",
            {},
            None,
        )
        other = await new_contact(books, "Other")
        with pytest.raises(NotFoundError) as raised:
            await books.contacts.persons.get_for_contact(other, created.contact_person_id)
    assert fetched == of_contact == created
    assert raised.value.code == 1002


async def test_update_changes_only_the_given_fields() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        created = await books.contacts.persons.create(contact_id, first_name="Will", email="old@zylker.com")
        assert created.contact_person_id is not None
        updated = await books.contacts.persons.update(
            created.contact_person_id, contact_id=contact_id, email="new@zylker.com"
        )
        assert received(sandbox) == (
            "PUT",
            f"/contacts/contactpersons/{created.contact_person_id}",
            {},
            {"contact_id": contact_id, "email": "new@zylker.com"},
        )
        contact = await books.contacts.get(contact_id)
    assert updated.email == "new@zylker.com" and updated.first_name == "Will"
    assert contact.contact_persons is not None and contact.contact_persons[0].email == "new@zylker.com"


async def test_update_with_a_person_model_sends_its_fields() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        created = await books.contacts.persons.create(contact_id, first_name="Will")
        edited = attrs.evolve(created, skype="will.smith", extra={"future_field": "kept"})
        await books.contacts.persons.update(created.contact_person_id, edited)
        sent = received(sandbox)[3]
        assert sent["skype"] == "will.smith" and sent["first_name"] == "Will"
        assert sent["future_field"] == "kept"
        fetched = await books.contacts.persons.get(created.contact_person_id)
    assert fetched.skype == "will.smith" and fetched.first_name == "Will"


async def test_mark_primary_moves_the_contacts_primary_person() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        first = await books.contacts.persons.create(contact_id, first_name="Ann")
        second = await books.contacts.persons.create(contact_id, first_name="Bob")
        assert second.contact_person_id is not None and second.is_primary_contact is False
        result = await books.contacts.persons.mark_primary(second.contact_person_id)
        assert received(sandbox) == (
            "POST",
            f"/contacts/contactpersons/{second.contact_person_id}/primary",
            {},
            None,
        )
        contact = await books.contacts.get(contact_id)
    assert result.message == "This contact person has been marked as your primary contact person."
    assert contact.primary_contact_id == second.contact_person_id
    assert contact.contact_persons is not None
    flags = {p.contact_person_id: p.is_primary_contact for p in contact.contact_persons}
    assert flags == {first.contact_person_id: False, second.contact_person_id: True}


async def test_delete_removes_the_person_from_its_contact() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        person = await books.contacts.persons.create(contact_id, first_name="Will")
        assert person.contact_person_id is not None
        result = await books.contacts.persons.delete(person.contact_person_id)
        assert received(sandbox) == (
            "DELETE",
            f"/contacts/contactpersons/{person.contact_person_id}",
            {},
            None,
        )
        contact = await books.contacts.get(contact_id)
        with pytest.raises(NotFoundError):
            await books.contacts.persons.get(person.contact_person_id)
    assert result.message == "The contact person has been deleted."
    assert contact.contact_persons == [] and contact.primary_contact_id in (None, "")


async def test_the_sandbox_refuses_a_person_for_an_unknown_contact() -> None:
    async with live_sandbox() as (books, _):
        with pytest.raises(NotFoundError) as missing:
            await books.contacts.persons.create("460000000000001", first_name="Will")
        contact_id = await new_contact(books)
        with pytest.raises(ValidationError) as invalid:
            await books.contacts.persons.create(contact_id, first_name="x" * 101)
    assert missing.value.code == 1002 and invalid.value.code == 4
