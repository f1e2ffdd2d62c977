"""Cards of a contact: add, change, fetch, list, count, delete, and what they pay for."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsCards
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_fields, require_change
from ..models.cards import CardResult
from ..pipeline.values import RequestOptions
from .base import PathParams

_ONE = "/contacts/{contact_id}/card/{card_id}"

CREATE = contact_operations.CARDS_CREATE
UPDATE = contact_operations.CARDS_UPDATE
COUNT = contact_operations.CARDS_COUNT


class CardFields(TypedDict, total=False):
    """The body fields of add and update, named as in Zoho's OpenAPI document.

    Prefer ``card_token`` (from the payment gateway) to a raw ``card_number`` and ``cvv``.
    """

    card_token: str
    gateway: str
    card_number: str
    cvv: str
    first_name: str
    last_name: str
    address: str
    city: str
    state: str
    country: str
    zip: str | int
    expire_month: int
    expire_year: int
    is_primary: bool
    is_backup: bool


def _body(fields: CardFields) -> dict[str, object]:
    body = checked_fields(CardFields, fields)
    month = body.get("expire_month")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"expire_month must be 1 to 12, got {month}")
    return body


def _path(contact_id: str, card_id: str) -> PathParams:
    return {"contact_id": contact_id, "card_id": card_id}


class Cards(ContactsCards):
    """``books.contacts.cards``: cards a contact is charged on automatically."""

    async def create(
        self,
        contact_id: str,  # type: ignore[override]
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[CardFields],
    ) -> CardResult:
        """Add a card to a contact. Scope: contacts.CREATE.

        ``await books.contacts.cards.create(cid, gateway="stripe", card_token="tok_...")``
        """
        body = _body(fields)
        if not body:
            raise ValueError("no fields given: a card needs at least a card_token or card_number")
        return await self._answer(
            CREATE, CardResult, path={"contact_id": contact_id}, json=body, options=options
        )

    async def update(
        self,
        contact_id: str,  # type: ignore[override]
        card_id: str,  # type: ignore[override]
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[CardFields],
    ) -> CardResult:
        """Change a contact's card; fields not given stay. Scope: contacts.UPDATE.

        ``await books.contacts.cards.update(cid, card_id, expire_year=2031)``
        """
        body = _body(fields)
        require_change(UPDATE.name, body)
        return await self._answer(
            UPDATE,
            CardResult,
            path=_path(contact_id, card_id),
            json=body,
            options=options,
        )

    async def count(self, *, options: RequestOptions | None = None) -> int:  # type: ignore[override]
        """How many cards are saved across the organization's contacts. Scope: contacts.READ.

        ``n = await books.contacts.cards.count()``
        """
        return await self._fetch(COUNT, int, key="card_count", options=options)
