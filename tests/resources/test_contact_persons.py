"""books.contacts.persons: requests sent, answers typed, errors raised (HTTP mocked)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, ValidationError, ZohoBooks
from zbooks_async.models.contacts import CommunicationPreference

from ..http_mock import BASE, ORG, sent_json

PERSON = {
    "contact_id": 460000000026049,
    "contact_person_id": 460000000026051,
    "salutation": "Mr",
    "first_name": "Will",
    "last_name": "Smith",
    "email": "willsmith@bowmanfurniture.com",
    "is_primary_contact": True,
    "is_added_in_portal": True,
    "communication_preference": {"is_sms_enabled": True, "is_whatsapp_enabled": False},
}


async def test_create_sends_the_contact_id_and_fields_and_reads_the_person(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.post(
        f"{BASE}/contacts/contactpersons?organization_id={ORG}",
        status=201,
        payload={"code": 0, "message": "The contactperson has been Created", "contact_person": PERSON},
    )
    person = await books.contacts.persons.create(
        "460000000026049",
        first_name="Will",
        email="willsmith@bowmanfurniture.com",
        communication_preference=CommunicationPreference(is_sms_enabled=True),
    )
    assert person.contact_person_id == "460000000026051"
    assert person.communication_preference == CommunicationPreference(
        is_sms_enabled=True, is_whatsapp_enabled=False
    )
    [(method, _, body)] = sent_json(http)
    assert method == "POST"
    assert body == {
        "contact_id": "460000000026049",
        "first_name": "Will",
        "email": "willsmith@bowmanfurniture.com",
        "communication_preference": {"is_sms_enabled": True},
    }


async def test_create_accepts_the_one_item_list_zoho_documents(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        re.compile(rf"{BASE}/contacts/contactpersons\?.*"),
        payload={"code": 0, "message": "created", "contact_person": [PERSON]},
    )
    person = await books.contacts.persons.create("460000000026049", first_name="Will")
    assert person.first_name == "Will" and person.contact_id == "460000000026049"


async def test_create_without_a_first_name_is_refused(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(ValueError, match="first_name"):
        await books.contacts.persons.create("460000000026049", email="a@b.c")
    assert http.requests == {}


async def test_update_sends_only_the_given_fields(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        f"{BASE}/contacts/contactpersons/460000000026051?organization_id={ORG}",
        payload={"code": 0, "message": "updated", "contact_person": [PERSON]},
    )
    person = await books.contacts.persons.update(
        "460000000026051", contact_id="460000000026049", phone="+1-925-921-9201", enable_portal=False
    )
    assert person.last_name == "Smith"
    [(_, _, body)] = sent_json(http)
    assert body == {"contact_id": "460000000026049", "phone": "+1-925-921-9201", "enable_portal": False}


async def test_get_and_get_for_contact_read_the_person(books: ZohoBooks, http: aioresponses) -> None:
    answer = {"code": 0, "message": "success", "contact_person": PERSON}
    http.get(f"{BASE}/contacts/contactpersons/460000000026051?organization_id={ORG}", payload=answer)
    http.get(
        f"{BASE}/contacts/460000000026049/contactpersons/460000000026051?organization_id={ORG}",
        payload=answer,
    )
    assert (await books.contacts.persons.get("460000000026051")).email == PERSON["email"]
    both = await books.contacts.persons.get_for_contact("460000000026049", "460000000026051")
    assert both.is_added_in_portal is True


async def test_delete_and_mark_primary_return_zoho_messages(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        f"{BASE}/contacts/contactpersons/460000000026051?organization_id={ORG}",
        payload={"code": 0, "message": "The contact person has been deleted."},
    )
    http.post(
        f"{BASE}/contacts/contactpersons/460000000026051/primary?organization_id={ORG}",
        payload={"code": 0, "message": "This contact person has been marked as your primary contact person."},
    )
    deleted = await books.contacts.persons.delete("460000000026051")
    primary = await books.contacts.persons.mark_primary("460000000026051")
    assert deleted.message == "The contact person has been deleted."
    assert primary.message.startswith("This contact person has been marked")


async def test_list_walks_the_pages_of_one_contact(books: ZohoBooks, http: aioresponses) -> None:
    url = rf"{BASE}/contacts/460000000026049/contactpersons\?"
    http.get(
        re.compile(url + ".*page=1.*"),
        payload={
            "code": 0,
            "message": "success",
            "contact_persons": [PERSON],
            "page_context": {"page": 1, "has_more_page": True},
        },
    )
    http.get(
        re.compile(url + ".*page=2.*"),
        payload={
            "code": 0,
            "message": "success",
            "contact_persons": [{"contact_person_id": 2}],
            "page_context": {"page": 2, "has_more_page": False},
        },
    )
    people = await books.contacts.persons.list("460000000026049", per_page=1).collect()
    assert [p.contact_person_id for p in people] == ["460000000026051", "2"]
    assert all("per_page=1" in url for _, url, _ in sent_json(http))


async def test_list_all_reads_every_person_of_the_organization(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/contactpersons\?.*"),
        payload={"code": 0, "message": "success", "contact_persons": [PERSON]},
    )
    people = await books.contacts.persons.list_all().collect()
    assert [p.first_name for p in people] == ["Will"]


async def test_a_missing_person_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/contactpersons/9\?.*"),
        status=404,
        payload={"code": 1002, "message": "Contact person does not exist."},
    )
    with pytest.raises(NotFoundError) as raised:
        await books.contacts.persons.get("9")
    assert raised.value.code == 1002 and raised.value.path == "/contacts/contactpersons/9"


async def test_a_refused_update_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        re.compile(rf"{BASE}/contacts/contactpersons/9\?.*"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for Email"},
    )
    with pytest.raises(ValidationError, match="Email") as raised:
        await books.contacts.persons.update("9", email="not-an-email")
    assert raised.value.http_status == 400 and raised.value.code == 4


@pytest.mark.parametrize("bad_id", ["1/../2", "", "abc", "12 3"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    persons = books.contacts.persons
    with pytest.raises(ValueError):
        await persons.get(bad_id)
    with pytest.raises(ValueError):
        await persons.create(bad_id, first_name="Will")
    with pytest.raises(ValueError):
        await persons.get_for_contact("1", bad_id)
    with pytest.raises(ValueError):
        persons.list(bad_id)
    with pytest.raises(ValueError):
        await persons.update("1", contact_id=bad_id)
    assert http.requests == {}


async def test_unknown_or_mistyped_fields_are_refused(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(TypeError, match="frist_name"):
        await books.contacts.persons.create("1", frist_name="Will")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="is_primary_contact"):
        await books.contacts.persons.update("1", is_primary_contact="yes")  # type: ignore[arg-type]
    assert http.requests == {}
