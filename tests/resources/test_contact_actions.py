"""Contact-level actions on books.contacts (merge, reference, e-invoice, TRN, upsert) against
mocked Zoho answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import Contact, NotFoundError, ValidationError, ZohoBooks
from zbooks_async.resources.contact_actions import UPDATE_BY_CUSTOM_FIELD

from ..http_mock import TOKEN, at, sent

CID = "460000000026049"
DUPLICATE = "460000000026050"
CONTACT = {
    "contact_id": 460000000026049,
    "contact_name": "Bowman and Co",
    "contact_type": "customer",
    "status": "active",
}


async def test_upsert_sends_the_unique_field_headers(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        at("/contacts"),
        status=201,
        payload={"code": 0, "message": "The contact has been created", "contact": CONTACT},
    )

    contact = await books.contacts.update_by_custom_field(
        "cf_crm_id", "C-42", contact_name="Bowman and Co", upsert=True
    )

    assert isinstance(contact, Contact) and contact.contact_id == CID
    [(method, _, kwargs)] = sent(http)
    assert method == "PUT"
    assert kwargs["headers"]["X-Unique-Identifier-Key"] == "cf_crm_id"
    assert kwargs["headers"]["X-Unique-Identifier-Value"] == "C-42"
    assert kwargs["headers"]["X-Upsert"] == "true"
    assert kwargs["headers"]["Authorization"] == f"Zoho-oauthtoken {TOKEN}"
    assert json.loads(kwargs["data"]) == {"contact_name": "Bowman and Co"}


async def test_update_by_custom_field_without_upsert_sends_no_upsert_header(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.put(at("/contacts"), payload={"code": 0, "contact": CONTACT})

    await books.contacts.update_by_custom_field("cf_crm_id", "C-42", notes="VIP")

    [(_, _, kwargs)] = sent(http)
    assert "X-Upsert" not in kwargs["headers"]


async def test_no_match_without_upsert_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.put(at("/contacts"), status=404, payload={"code": 1002, "message": "Contact does not exist."})

    with pytest.raises(NotFoundError):
        await books.contacts.update_by_custom_field("cf_crm_id", "C-404", notes="x")


async def test_extra_headers_cannot_replace_the_token(books: ZohoBooks, http: aioresponses) -> None:
    http.put(at("/contacts"), payload={"code": 0, "contact": CONTACT})

    await books.send(UPDATE_BY_CUSTOM_FIELD, headers={"Authorization": "Zoho-oauthtoken stolen"})

    [(_, _, kwargs)] = sent(http)
    assert kwargs["headers"]["Authorization"] == f"Zoho-oauthtoken {TOKEN}"


@pytest.mark.parametrize(
    ("api_name", "value", "error"),
    [("", "v", ValueError), ("cf_x", "", ValueError), ("cf_x", "a\r\nX-Evil: 1", ValueError)],
)
async def test_bad_unique_field_is_refused_before_sending(
    books: ZohoBooks, http: aioresponses, api_name: str, value: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await books.contacts.update_by_custom_field(api_name, value, notes="x")
    assert sent(http) == []


async def test_upsert_needs_a_contact_name(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(ValueError, match="contact_name"):
        await books.contacts.update_by_custom_field("cf_x", "1", notes="x", upsert=True)
    assert sent(http) == []


async def test_reference_is_free_text_and_percent_encoded(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at("/contacts/reference/CRM%2F00%2042"), payload={"code": 0, "contact": CONTACT})

    contact = await books.contacts.get_by_reference("CRM/00 42")

    assert contact.contact_name == "Bowman and Co"


@pytest.mark.parametrize("reference", ["", "  ", ".", ".."])
async def test_empty_references_are_refused(books: ZohoBooks, http: aioresponses, reference: str) -> None:
    with pytest.raises(ValueError):
        await books.contacts.get_by_reference(reference)
    assert sent(http) == []


async def test_merge_names_the_duplicates(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at(f"/contacts/{CID}/merge"), payload={"code": 0, "message": "success"})

    await books.contacts.merge(CID, contact_ids=[DUPLICATE])

    [(_, _, kwargs)] = sent(http)
    assert dict(kwargs["params"])["contact_ids"] == DUPLICATE


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.merge(CID, contact_ids=[]),
        lambda b: b.contacts.merge(CID, contact_ids=[str(n) for n in range(1, 27)]),
        lambda b: b.contacts.merge("x", contact_ids=[DUPLICATE]),
        lambda b: b.contacts.verify_einvoice("1/2"),
        lambda b: b.contacts.update_trn_status(""),
    ],
)
async def test_bad_merges_and_ids_are_refused_before_sending(
    books: ZohoBooks, http: aioresponses, call: Any
) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []


async def test_einvoice_and_trn_answers(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/einvoice/verify"), status=400, payload={"code": 4, "message": "Invalid GSTIN."}
    )
    http.post(at(f"/contacts/{CID}/trnstatus"), payload={"code": 0, "message": "success"})

    with pytest.raises(ValidationError, match="GSTIN"):
        await books.contacts.verify_einvoice(CID)
    assert (await books.contacts.update_trn_status(CID)).message == "success"
