"""books.contacts.cards against mocked Zoho answers (aioresponses)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import (
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
    ZohoBooks,
)
from zbooks_async.models.cards import Card

from ..http_mock import at, sent

CID = "460000000026049"
CARD = "460000000040001"
CARD_JSON = {
    "card_id": 460000000040001,
    "gateway": "stripe",
    "last_four_digits": "0042",
    "expire_month": 12,
    "expire_year": 2030,
    "is_primary": True,
}


async def test_get_reads_the_card(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at(f"/contacts/{CID}/card/{CARD}"), payload={"code": 0, "card": CARD_JSON})

    card = await books.contacts.cards.get(CID, CARD)

    assert isinstance(card, Card)
    assert (card.card_id, card.last_four_digits, card.expire_month) == (CARD, "0042", 12)


async def test_update_sends_only_the_given_fields(books: ZohoBooks, http: aioresponses) -> None:
    http.put(at(f"/contacts/{CID}/card/{CARD}"), payload={"code": 0, "message": "The card has been updated."})

    result = await books.contacts.cards.update(CID, CARD, expire_year=2031, is_backup=False)

    assert result.message == "The card has been updated."
    [(method, _, kwargs)] = sent(http)
    assert method == "PUT" and json.loads(kwargs["data"]) == {"expire_year": 2031, "is_backup": False}


async def test_create_answer_may_carry_the_card(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/card"),
        payload={"code": 0, "message": "The card has been added.", "card": CARD_JSON},
    )

    result = await books.contacts.cards.create(CID, gateway="stripe", card_token="tok_visa")

    assert result.card is not None and result.card.card_id == CARD


async def test_count_is_an_int(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at("/contacts/cardcount"), payload={"code": 0, "message": "success", "card_count": 7})

    assert await books.contacts.cards.count() == 7


async def test_list_and_recurring_invoices(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at(f"/contacts/{CID}/cards"), payload={"code": 0, "cards": [CARD_JSON, CARD_JSON]})
    http.get(
        at(f"/contacts/{CID}/card/{CARD}/recurringinvoices"),
        payload={
            "code": 0,
            "recurring_invoices": [{"recurring_invoice_id": 1, "recurrence_name": "Monthly"}],
        },
    )

    cards = await books.contacts.cards.list(CID)
    invoices = await books.contacts.cards.recurring_invoices(CID, CARD)

    assert [card.card_id for card in cards] == [CARD, CARD]
    assert invoices[0].recurring_invoice_id == "1"


async def test_deleted_card_raises_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        at(f"/contacts/{CID}/card/{CARD}"),
        status=404,
        payload={"code": 1002, "message": "Card does not exist."},
    )

    with pytest.raises(NotFoundError):
        await books.contacts.cards.delete(CID, CARD)


async def test_token_without_the_scope_raises_authentication_error(
    books: ZohoBooks, http: aioresponses
) -> None:
    # Zoho answers a missing scope like a bad token: HTTP 401, code 57.
    http.get(
        at("/contacts/cardcount"),
        status=401,
        payload={"code": 57, "message": "You are not authorized to perform this operation"},
    )

    with pytest.raises(AuthenticationError):
        await books.contacts.cards.count()


async def test_answer_without_the_card_is_malformed(books: ZohoBooks, http: aioresponses) -> None:
    http.get(at(f"/contacts/{CID}/card/{CARD}"), payload={"code": 0, "message": "success"})

    with pytest.raises(MalformedResponseError, match="'card'"):
        await books.contacts.cards.get(CID, CARD)


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.cards.get(CID, "card-1"),
        lambda b: b.contacts.cards.update("1.5", CARD, zip="1"),
        lambda b: b.contacts.cards.delete(CID, "%2e%2e"),
        lambda b: b.contacts.cards.list(" "),
        lambda b: b.contacts.cards.recurring_invoices(CID, "../1"),
        lambda b: b.contacts.cards.create("", card_token="t"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    books: ZohoBooks, http: aioresponses, call: Any
) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []


async def test_expiry_must_be_an_int(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(TypeError, match="expire_year"):
        await books.contacts.cards.create(CID, card_token="t", expire_year="2030")  # type: ignore[typeddict-item]
    assert sent(http) == []
