"""books.contacts.cards over the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError, ValidationError
from zbooks_async.models.cards import AutoBilledRecurringInvoice, Card
from zbooks_async.sandbox.routes.cards import autobill

from .sandbox_session import API, ORG, Live, live_sandbox


async def _card(live: Live, contact_id: str, **fields: object) -> str:
    fields = {
        "gateway": "stripe",
        "card_token": "tok_visa",
        "expire_month": 12,
        "expire_year": 2030,
        **fields,
    }
    result = await live.books.contacts.cards.create(contact_id, **fields)  # type: ignore[arg-type]
    assert result.card is not None and result.card.card_id
    live.requests.clear()
    return result.card.card_id


async def test_create_stores_only_the_last_four_digits() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)

        result = await live.books.contacts.cards.create(
            cid, gateway="stripe", card_number="5555555555554444", cvv="123", expire_month=1, expire_year=2031
        )

        assert (live.last.method, live.last.path, live.last.query) == (
            "POST",
            f"{API}/contacts/{cid}/card",
            {"organization_id": ORG},
        )
        assert live.last.body == {
            "gateway": "stripe",
            "card_number": "5555555555554444",
            "cvv": "123",
            "expire_month": 1,
            "expire_year": 2031,
        }
        card = result.card
        assert card is not None and card.card_id
        assert (card.last_four_digits, card.card_type, card.is_primary) == ("4444", "mastercard", True)
        stored = live.org.related("cards", cid)[card.card_id]
        assert "card_number" not in stored and "cvv" not in stored


async def test_get_reads_the_card() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        card_id = await _card(live, cid)

        card = await live.books.contacts.cards.get(cid, card_id)

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/{cid}/card/{card_id}")
        assert isinstance(card, Card)
        assert (card.card_id, card.last_four_digits, card.expire_year) == (card_id, "4242", 2030)


async def test_update_makes_another_card_primary() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        first, second = await _card(live, cid), await _card(live, cid)

        result = await live.books.contacts.cards.update(cid, second, is_primary=True, expire_year=2032)

        assert (live.last.method, live.last.path) == ("PUT", f"{API}/contacts/{cid}/card/{second}")
        assert live.last.body == {"is_primary": True, "expire_year": 2032}
        assert result.card is not None and result.card.expire_year == 2032
        primary = {card.card_id: card.is_primary for card in await live.books.contacts.cards.list(cid)}
        assert primary == {first: False, second: True}


async def test_deleted_card_is_gone_from_the_list_and_the_count() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        kept, deleted = await _card(live, cid), await _card(live, cid)
        assert await live.books.contacts.cards.count() == 2

        result = await live.books.contacts.cards.delete(cid, deleted)

        assert (live.last.method, live.last.path) == ("DELETE", f"{API}/contacts/{cid}/card/{deleted}")
        assert result.message == "The card has been deleted."
        assert [card.card_id for card in await live.books.contacts.cards.list(cid)] == [kept]
        assert await live.books.contacts.cards.count() == 1
        with pytest.raises(NotFoundError):
            await live.books.contacts.cards.get(cid, deleted)


async def test_list_gives_the_contacts_cards() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        ids = [await _card(live, cid), await _card(live, cid)]

        cards = await live.books.contacts.cards.list(cid)

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/{cid}/cards")
        assert [card.card_id for card in cards] == ids


async def test_count_covers_every_contact() -> None:
    async with live_sandbox() as live:
        for name in ("A", "B"):
            cid = str((await live.contact(name)).contact_id)
            await _card(live, cid)

        count = await live.books.contacts.cards.count()

        assert (live.last.method, live.last.path, live.last.query) == (
            "GET",
            f"{API}/contacts/cardcount",
            {"organization_id": ORG},
        )
        assert count == 2


async def test_recurring_invoices_charged_to_a_card() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        card_id = await _card(live, cid)
        autobill(
            live.org, cid, card_id, {"recurring_invoice_id": 460000000041029, "recurrence_name": "Monthly"}
        )

        invoices = await live.books.contacts.cards.recurring_invoices(cid, card_id)

        assert live.last.path == f"{API}/contacts/{cid}/card/{card_id}/recurringinvoices"
        assert invoices == [
            AutoBilledRecurringInvoice(recurring_invoice_id="460000000041029", recurrence_name="Monthly")
        ]


async def test_card_without_number_or_token_is_refused() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)

        with pytest.raises(ValidationError):
            await live.books.contacts.cards.create(cid, gateway="stripe", first_name="Will")

        assert await live.books.contacts.cards.count() == 0
