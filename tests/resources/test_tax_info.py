"""books.contacts.tax_info: requests sent, answers typed, errors raised (HTTP mocked)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, ValidationError, ZohoBooks
from zbooks_async.models.tax_info import ContactTaxInfo

from ..http_mock import BASE, ORG, sent_json

C = "460000000026049"
T = "460000000070001"
RECORD = {
    "tax_info_id": 460000000070001,
    "tax_registration_no": "29AABCZ1234F1Z5",
    "place_of_contact": "KA",
    "is_primary": True,
}


async def test_add_sends_the_fields_and_reads_the_record(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        f"{BASE}/contacts/{C}/taxinfo?organization_id={ORG}",
        payload={"code": 0, "message": "success", "tax_info": RECORD},
    )
    record = await books.contacts.tax_info.create(
        C, tax_registration_no="29AABCZ1234F1Z5", place_of_contact="KA"
    )
    # The id came as a number: it reads as its digits, and the number is kept to be written back.
    assert record == ContactTaxInfo(
        tax_info_id=T, tax_registration_no="29AABCZ1234F1Z5", place_of_contact="KA", is_primary=True,
        extra={"tax_info_id": RECORD["tax_info_id"]},
    )
    [(_, _, body)] = sent_json(http)
    assert body == {"tax_registration_no": "29AABCZ1234F1Z5", "place_of_contact": "KA"}


async def test_list_and_update(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        f"{BASE}/contacts/{C}/taxinfo?organization_id={ORG}",
        payload={"code": 0, "message": "success", "tax_info_list": [RECORD]},
    )
    http.put(
        f"{BASE}/contacts/{C}/taxinfo/{T}?organization_id={ORG}",
        payload={"code": 0, "message": "success", "tax_info": {**RECORD, "is_primary": False}},
    )
    [listed] = await books.contacts.tax_info.list(C)
    updated = await books.contacts.tax_info.update(C, T, is_primary=False)
    assert listed.is_primary is True and updated.is_primary is False
    assert sent_json(http)[-1][2] == {"is_primary": False}


async def test_delete_targets_the_record(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        f"{BASE}/contacts/{C}/taxinfo/{T}?organization_id={ORG}", payload={"code": 0, "message": "success"}
    )
    assert (await books.contacts.tax_info.delete(C, T)).message == "success"


async def test_a_missing_record_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        re.compile(rf"{BASE}/contacts/{C}/taxinfo/{T}\?.*"),
        status=404,
        payload={"code": 1002, "message": "Tax information does not exist."},
    )
    with pytest.raises(NotFoundError):
        await books.contacts.tax_info.update(C, T, legal_name="Zylker")


async def test_a_bad_registration_number_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        re.compile(rf"{BASE}/contacts/{C}/taxinfo\?.*"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for tax_registration_no"},
    )
    with pytest.raises(ValidationError, match="tax_registration_no"):
        await books.contacts.tax_info.create(C, tax_registration_no="nope")


@pytest.mark.parametrize("bad_id", ["1/../2", "", "abc"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    with pytest.raises(ValueError):
        await books.contacts.tax_info.create(bad_id, legal_name="Zylker")
    with pytest.raises(ValueError):
        await books.contacts.tax_info.update(C, bad_id, legal_name="Zylker")
    with pytest.raises(ValueError):
        await books.contacts.tax_info.list(bad_id)
    with pytest.raises(ValueError):
        await books.contacts.tax_info.delete(C, bad_id)
    assert http.requests == {}
