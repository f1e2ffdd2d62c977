"""books.contacts.bank_accounts against mocked Zoho answers (aioresponses)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, OutcomeUnknownError, ValidationError, ZohoBooks
from zbooks_async.models.bank_accounts import BankAccount

from ..http_mock import BASE, ORG, sent

CID = "460000000026049"
AID = "460000000031001"
ONE = re.compile(rf"^{re.escape(BASE)}/contacts/{CID}/bankaccount/{AID}(/\w+)?\?.*$")
ACCOUNT = {
    "account_id": 460000000031001,
    "contact_id": CID,
    "gateway": "stripe",
    "account_number": "XXXXXXXX6789",
    "account_type": "checking",
    "bank_name": "Wells Fargo",
    "routing_number": "110000000",
    "zip": 10004,
    "status": "approved",
    "created_time": "2024-03-01T10:00:00+0530",
}


async def test_get_reads_the_account_into_a_model(books: ZohoBooks, http: aioresponses) -> None:
    http.get(ONE, payload={"code": 0, "message": "success", "bank_account": ACCOUNT})

    account = await books.contacts.bank_accounts.get(CID, AID)

    assert isinstance(account, BankAccount)
    assert account.account_id == AID and account.zip == 10004 and account.status == "approved"
    [(method, url, _)] = sent(http)
    assert method == "GET" and url.startswith(f"{BASE}/contacts/{CID}/bankaccount/{AID}?")


async def test_create_sends_the_fields_as_json(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        re.compile(rf".*/contacts/{CID}/bankaccount\?.*"),
        payload={"code": 0, "message": "The bank account has been added."},
    )

    result = await books.contacts.bank_accounts.create(
        CID, gateway="stripe", account_number="000123456789", accept_license=True
    )

    assert result.message == "The bank account has been added." and result.bank_account is None
    [(_, _, kwargs)] = sent(http)
    assert json.loads(kwargs["data"]) == {
        "gateway": "stripe",
        "account_number": "000123456789",
        "accept_license": True,
    }


async def test_verify_sends_the_deposits_as_query(books: ZohoBooks, http: aioresponses) -> None:
    http.post(ONE, payload={"code": 0, "message": "The bank account has been verified."})

    await books.contacts.bank_accounts.verify(CID, AID, first_deposit_amount=12, second_deposit_amount=34)

    [(_, url, kwargs)] = sent(http)
    assert url.split("?")[0].endswith("/verify")
    assert dict(kwargs["params"]) == {
        "first_deposit_amount": "12",
        "second_deposit_amount": "34",
        "organization_id": ORG,
    }


async def test_unknown_account_raises_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.get(ONE, status=404, payload={"code": 1002, "message": "Bank account does not exist."})

    with pytest.raises(NotFoundError) as caught:
        await books.contacts.bank_accounts.get(CID, AID)

    assert caught.value.code == 1002 and caught.value.http_status == 404


async def test_refused_approval_raises_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(ONE, status=400, payload={"code": 4, "message": "The bank account is already declined."})

    with pytest.raises(ValidationError) as caught:
        await books.contacts.bank_accounts.approve(CID, AID)

    assert caught.value.code == 4


async def test_approval_is_retried_after_a_server_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(ONE, status=500, payload={"code": 1000, "message": "Internal error"})
    http.post(ONE, payload={"code": 0, "message": "The bank account has been approved."})

    result = await books.contacts.bank_accounts.approve(CID, AID)

    assert result.message == "The bank account has been approved." and len(sent(http)) == 2


async def test_adding_is_not_replayed_after_a_server_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(re.compile(r".*/bankaccount\?.*"), status=500, payload={"code": 1000, "message": "x"})

    with pytest.raises(OutcomeUnknownError):
        await books.contacts.bank_accounts.create(CID, account_number="000123456789")

    assert len(sent(http)) == 1


async def test_list_all_walks_every_page(books: ZohoBooks, http: aioresponses) -> None:
    page = re.compile(rf"^{re.escape(BASE)}/contacts/bankaccounts\?.*$")
    http.get(
        page,
        payload={"code": 0, "bank_accounts": [ACCOUNT], "page_context": {"page": 1, "has_more_page": True}},
    )
    http.get(
        page,
        payload={
            "code": 0,
            # Another account: a second page repeating the first is refused as malformed.
            "bank_accounts": [{**ACCOUNT, "account_id": 460000000031002}],
            "page_context": {"page": 2, "has_more_page": False},
        },
    )

    accounts = [account async for account in books.contacts.bank_accounts.list_all(per_page=1)]

    assert len(accounts) == 2
    assert [dict(kwargs["params"])["page"] for _, _, kwargs in sent(http)] == ["1", "2"]


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.bank_accounts.get("1/../2", AID),
        lambda b: b.contacts.bank_accounts.update(CID, "abc", bank_name="x"),
        lambda b: b.contacts.bank_accounts.delete("", AID),
        lambda b: b.contacts.bank_accounts.approve(CID, "12 3"),
        lambda b: b.contacts.bank_accounts.decline("x", AID),
        lambda b: b.contacts.bank_accounts.verify(CID, "-1", first_deposit_amount=1, second_deposit_amount=2),
        lambda b: b.contacts.bank_accounts.list("../contacts"),
        lambda b: b.contacts.bank_accounts.create("?", account_number="1"),
    ],
)
async def test_bad_ids_are_refused_before_sending(books: ZohoBooks, http: aioresponses, call: Any) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []


@pytest.mark.parametrize(
    ("deposits", "error"),
    [((0.12, 34), TypeError), ((True, 34), TypeError), ((12, None), TypeError)],
)
async def test_deposits_are_exact_and_both_given(
    books: ZohoBooks, http: aioresponses, deposits: tuple[Any, Any], error: type[Exception]
) -> None:
    first, second = deposits
    with pytest.raises(error):
        await books.contacts.bank_accounts.verify(
            CID, AID, first_deposit_amount=first, second_deposit_amount=second
        )
    assert sent(http) == []


async def test_unknown_fields_and_empty_creates_are_refused(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(TypeError, match="iban"):
        await books.contacts.bank_accounts.create(CID, iban="DE00")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="needs account_number"):
        await books.contacts.bank_accounts.create(CID)  # type: ignore[call-arg]
    assert sent(http) == []
