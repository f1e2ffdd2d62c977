"""books.contacts.addresses: requests sent, answers typed, errors raised (HTTP mocked)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from zbooks_async import Address, NotFoundError, ValidationError, ZohoBooks

from ..http_mock import BASE, ORG, sent_json

C = "460000000026049"
A = "1053791000000186000"
INFO = {
    "address_id": 1053791000000186000,
    "attention": "Mr.John",
    "address": "4900 Hopyard Rd",
    "street2": "Suite 310",
    "city": "Pleasanton",
    "state": "CA",
    "zip": 94588,
    "country": "U.S.A",
    "fax": "+1-925-924-9600",
    "phone": "+1-925-921-9201",
}


async def test_add_sends_the_fields_and_reads_address_info(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        f"{BASE}/contacts/{C}/address?organization_id={ORG}",
        payload={"code": 0, "message": "The address has been created.", "address_info": INFO},
    )
    address = await books.contacts.addresses.create(
        C, address="4900 Hopyard Rd", city="Pleasanton", zip="94588"
    )
    assert address.address_id == A and address.zip == 94588  # text or a number: kept as it came
    [(method, _, body)] = sent_json(http)
    assert method == "POST" and body == {"address": "4900 Hopyard Rd", "city": "Pleasanton", "zip": "94588"}


async def test_update_puts_the_address_id_in_the_body_too(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        f"{BASE}/contacts/{C}/address/{A}?organization_id={ORG}",
        payload={"code": 0, "message": "The address has been updated.", "address_info": INFO},
    )
    await books.contacts.addresses.update(C, A, Address(attention="Mr.John"), street2="Suite 310")
    [(_, _, body)] = sent_json(http)
    assert body == {"attention": "Mr.John", "street2": "Suite 310", "address_id": A}


async def test_list_returns_every_address_of_the_contact(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        f"{BASE}/contacts/{C}/address?organization_id={ORG}",
        payload={"code": 0, "message": "success", "addresses": [INFO, {}, {}]},
    )
    addresses = await books.contacts.addresses.list(C)
    assert [a.address_id for a in addresses] == [A, None, None]


async def test_list_all_pages_through_the_organization(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/address\?.*"),
        payload={
            "code": 0,
            "message": "success",
            "addresses": [{**INFO, "contact_id": int(C)}],
            "page_context": {"page": 1, "has_more_page": False},
        },
    )
    [address] = await books.contacts.addresses.list_all(per_page=10).collect()
    assert address.contact_id == C and address.city == "Pleasanton"
    [(_, url, _)] = sent_json(http)
    assert "per_page=10" in url and "page=1" in url


@pytest.mark.parametrize(
    ("function", "suffix"),
    [
        ("mark_billing", "/markasbilling"),
        ("mark_shipping", "/markasshipping"),
        ("verify", "/verify"),
        ("delete", ""),
    ],
)
async def test_actions_on_one_address(
    books: ZohoBooks, http: aioresponses, function: str, suffix: str
) -> None:
    method = "DELETE" if function == "delete" else "POST"
    http.add(
        f"{BASE}/contacts/{C}/address/{A}{suffix}?organization_id={ORG}",
        method,
        payload={"code": 0, "message": "done"},
    )
    result = await getattr(books.contacts.addresses, function)(C, A)
    assert result.code == 0 and result.message == "done"
    [(sent_method, _, body)] = sent_json(http)
    assert sent_method == method and body is None


async def test_validate_sends_the_address_as_query_parameters(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/address/verify\?.*"),
        payload={"code": 0, "message": "success", "is_valid": True},
    )
    result = await books.contacts.addresses.validate(
        line1="7 Hales Court", city="Pleasanton", postal_code="94588"
    )
    assert result.extra == {"is_valid": True}
    [(_, url, _)] = sent_json(http)
    assert "line1=7+Hales+Court" in url or "line1=7%20Hales%20Court" in url
    assert "city=Pleasanton" in url and "postal_code=94588" in url


async def test_validate_refuses_an_empty_line_and_unknown_parameters(
    books: ZohoBooks, http: aioresponses
) -> None:
    with pytest.raises(TypeError, match="line1"):
        await books.contacts.addresses.validate(city="Pleasanton")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="zip"):
        await books.contacts.addresses.validate(line1="7 Hales Court", zip="94588")  # type: ignore[call-arg]
    assert http.requests == {}


async def test_a_deleted_address_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        re.compile(rf"{BASE}/contacts/{C}/address/{A}\?.*"),
        status=404,
        payload={"code": 1002, "message": "Address does not exist."},
    )
    with pytest.raises(NotFoundError) as raised:
        await books.contacts.addresses.update(C, A, city="Dublin")
    assert raised.value.code == 1002


async def test_an_invalid_address_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        re.compile(rf"{BASE}/contacts/{C}/address\?.*"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for country"},
    )
    with pytest.raises(ValidationError, match="country"):
        await books.contacts.addresses.create(C, country="x" * 200)


@pytest.mark.parametrize("bad_id", ["1/../2", "", "x1", "-1"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    addresses = books.contacts.addresses
    with pytest.raises(ValueError):
        await addresses.create(bad_id, city="Pleasanton")
    with pytest.raises(ValueError):
        await addresses.update(C, bad_id, city="Pleasanton")
    with pytest.raises(ValueError):
        await addresses.mark_billing(bad_id, A)
    with pytest.raises(ValueError):
        await addresses.list(bad_id)
    assert http.requests == {}
