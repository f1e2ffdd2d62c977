"""books.contacts.sms against mocked Zoho answers (aioresponses)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, OutcomeUnknownError, ValidationError, ZohoBooks

from ..http_mock import at, sent

CID = "460000000026049"
PERSON = "460000000026051"
IDS = [str(460000000030000 + n) for n in range(60)]


async def test_send_many_splits_into_requests_of_25(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at("/contacts/sms"), payload={"code": 0, "message": "success"}, repeat=True)

    results = await books.contacts.sms.send_many(contact_ids=IDS, body="Your invoice is ready")

    assert len(results) == 3
    batches = [dict(kwargs["params"])["contact_ids"].split(",") for _, _, kwargs in sent(http)]
    assert [len(batch) for batch in batches] == [25, 25, 10]
    assert [contact_id for batch in batches for contact_id in batch] == IDS
    assert all(json.loads(kwargs["data"]) == {"body": "Your invoice is ready"} for _, _, kwargs in sent(http))


async def test_send_without_fields_sends_no_body(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at(f"/contacts/{CID}/sms"), payload={"code": 0, "message": "success"})

    await books.contacts.sms.send(CID)

    [(_, _, kwargs)] = sent(http)
    assert kwargs["data"] is None


async def test_sms_is_never_replayed_after_a_lost_answer(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at(f"/contacts/{CID}/sms"), status=502, payload={"code": 1000, "message": "Bad gateway"})

    with pytest.raises(OutcomeUnknownError):
        await books.contacts.sms.send(CID)

    assert len(sent(http)) == 1


async def test_get_content_reads_recipients(books: ZohoBooks, http: aioresponses) -> None:
    data = {
        "body": "Dear Will, invoice INV-1 is due.",
        "contact_id": 460000000026049,
        "to_contacts": [{"contact_person_id": 460000000026051, "mobile": "+1-4054439562", "selected": True}],
    }
    http.get(at(f"/contacts/{CID}/sms"), payload={"code": 0, "message": "success", "data": data})

    content = await books.contacts.sms.get_content(CID)

    assert content.contact_id == CID and content.to_contacts is not None
    assert content.to_contacts[0].contact_person_id == PERSON and content.to_contacts[0].selected


async def test_get_content_many_sends_one_request(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at("/contacts/sms"), payload={"code": 0, "data": {"body": "Hello", "contact_ids": IDS[:2]}})

    content = await books.contacts.sms.get_content_many(contact_ids=IDS[:2])

    assert content.contact_ids == IDS[:2]
    [(_, _, kwargs)] = sent(http)
    assert dict(kwargs["params"])["contact_ids"] == ",".join(IDS[:2])


async def test_person_without_mobile_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/contactpersons/{PERSON}/sms/enable"),
        status=400,
        payload={"code": 4, "message": "Mobile number is required to enable SMS."},
    )

    with pytest.raises(ValidationError, match="Mobile number"):
        await books.contacts.sms.enable_for_person(PERSON)


async def test_unknown_person_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/contactpersons/{PERSON}/sms/disable"),
        status=404,
        payload={"code": 1002, "message": "Contact person does not exist."},
    )

    with pytest.raises(NotFoundError):
        await books.contacts.sms.disable_for_person(PERSON)


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.sms.send_many(contact_ids=[]),
        lambda b: b.contacts.sms.send_many(contact_ids=[CID, "x"]),
        lambda b: b.contacts.sms.get_content_many(contact_ids=[]),
        lambda b: b.contacts.sms.get_content_many(contact_ids=IDS[:26]),
        lambda b: b.contacts.sms.get_content("abc"),
        lambda b: b.contacts.sms.send("1/2"),
        lambda b: b.contacts.sms.enable_for_person(""),
        lambda b: b.contacts.sms.disable_for_person("p1"),
    ],
)
async def test_bad_or_oversized_ids_are_refused_before_sending(
    books: ZohoBooks, http: aioresponses, call: Any
) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []


async def test_a_lone_string_is_not_a_list_of_ids(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(TypeError, match="list of ids"):
        await books.contacts.sms.send_many(contact_ids=CID)
    assert sent(http) == []
