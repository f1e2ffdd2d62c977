"""Cards of a contact: add, update, get, delete, list, count, and the recurring invoices
charged to a card.

The card number and CVV are never stored: a card keeps its last four digits and a brand read
from the first digit (a ``card_token`` stands for Stripe's test Visa, ending 4242). A contact's
first card is its primary card; making another primary takes the flag from the old one.
The sandbox has no recurring invoices API: tests link one to a card with ``autobill``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import errors
from ..contacts import normalise
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, every_item, now, organization_of, stored_contact, stored_item

KIND = "cards"
AUTOBILLED = "card_recurring_invoices"
LABEL = "Card"
TEXT_FIELDS = ("gateway", "first_name", "last_name", "address", "city", "state", "country", "zip")
BRANDS = {"3": "american_express", "4": "visa", "5": "mastercard", "6": "discover"}
TOKEN_DIGITS = "4242424242424242"


def autobill(org: Organization, contact_id: str, card_id: str, invoice: JSONObject) -> None:
    """Record that recurring invoice ``invoice`` is charged to a card (for tests and seeds)."""
    stored_item(org, KIND, contact_id, card_id, LABEL)
    entry = org.related(AUTOBILLED, contact_id).setdefault(card_id, {"recurring_invoices": []})
    entry["recurring_invoices"].append(normalise(invoice))
    org.touch()


def _stored(request: web.Request) -> tuple[Organization, JSONObject]:
    org, record = stored_contact(request)
    card = stored_item(org, KIND, record["contact_id"], request.match_info["card_id"], LABEL)
    return org, card


def _month_or_year(body: JSONObject, field: str, low: int, high: int) -> int | None:
    value: Any = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise errors.invalid_field(field)
    return value


def _apply(card: JSONObject, body: JSONObject, now: str) -> None:
    body = normalise(body)
    for field in TEXT_FIELDS:
        if field in body:
            card[field] = str(body[field])
    for field, low, high in (("expire_month", 1, 12), ("expire_year", 2000, 2100)):
        value = _month_or_year(body, field, low, high)
        if value is not None:
            card[field] = value
    for flag in ("is_primary", "is_backup"):
        if flag in body:
            if not isinstance(body[flag], bool):
                raise errors.invalid_field(flag)
            card[flag] = body[flag]
    digits = str(body.get("card_number") or "")
    if body.get("card_token"):
        digits = TOKEN_DIGITS
    if digits:
        if not digits.isdigit() or not 12 <= len(digits) <= 19:
            raise errors.invalid_field("card_number")
        card["last_four_digits"] = digits[-4:]
        card["card_type"] = BRANDS.get(digits[0], "other")
    card["last_modified_time"] = now


def _settle_primary(cards: dict[str, JSONObject], card: JSONObject) -> None:
    if card.get("is_primary"):
        for other in cards.values():
            if other is not card:
                other["is_primary"] = False
    elif not any(other.get("is_primary") for other in cards.values()):
        card["is_primary"] = True


async def add_card(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/card: needs a card_token or a card_number."""
    org, record = stored_contact(request)
    body = await json_object(request)
    if not body.get("card_token") and not body.get("card_number"):
        raise errors.invalid_field("card_number")
    stamp = now(request)
    card: JSONObject = {
        "card_id": org.new_id(),
        "contact_id": record["contact_id"],
        "status": "active",
        "is_primary": False,
        "is_backup": False,
        "created_time": stamp,
    }
    _apply(card, body, stamp)
    cards = org.related(KIND, record["contact_id"])
    cards[card["card_id"]] = card
    _settle_primary(cards, card)
    org.touch()
    return success("The card has been added.", card=card)


async def update_card(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/card/{card_id}: fields not sent stay."""
    org, card = _stored(request)
    body = await json_object(request)
    changed = dict(card)  # checked whole before the stored card changes
    _apply(changed, body, now(request))
    card.update(changed)
    _settle_primary(org.related(KIND, card["contact_id"]), card)
    org.touch()
    return success("The card has been updated.", card=card)


async def get_card(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/card/{card_id}."""
    _, card = _stored(request)
    return success(card=card)


async def delete_card(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/card/{card_id}: the card stops paying its invoices too."""
    org, card = _stored(request)
    cards = org.related(KIND, card["contact_id"])
    del cards[card["card_id"]]
    org.related(AUTOBILLED, card["contact_id"]).pop(card["card_id"], None)
    if card.get("is_primary") and cards:
        next(iter(cards.values()))["is_primary"] = True
    org.touch()
    return success("The card has been deleted.")


async def list_cards(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/cards."""
    org, record = stored_contact(request)
    return success(cards=list(org.related(KIND, record["contact_id"]).values()))


async def count_cards(request: web.Request) -> web.Response:
    """GET /contacts/cardcount: saved cards across the organization."""
    return success(card_count=sum(1 for _ in every_item(organization_of(request), KIND)))


async def list_autobilled_invoices(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/card/{card_id}/recurringinvoices."""
    org, card = _stored(request)
    entry = org.related(AUTOBILLED, card["contact_id"]).get(card["card_id"], {})
    return success(recurring_invoices=list(entry.get("recurring_invoices", [])))


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/card"): add_card,
    ("PUT", "/contacts/{contact_id}/card/{card_id}"): update_card,
    ("GET", "/contacts/{contact_id}/card/{card_id}"): get_card,
    ("DELETE", "/contacts/{contact_id}/card/{card_id}"): delete_card,
    ("GET", "/contacts/{contact_id}/cards"): list_cards,
    ("GET", "/contacts/cardcount"): count_cards,
    ("GET", "/contacts/{contact_id}/card/{card_id}/recurringinvoices"): list_autobilled_invoices,
}
"""(method, path template) -> the hook that answers it."""
