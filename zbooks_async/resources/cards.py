"""Cards of a contact: add, change, fetch, list, count, delete, and what they pay for."""

from __future__ import annotations

from .._generated.api.contacts import ContactsCards
from .._generated.operations import contacts as contact_operations
from ..pipeline.values import RequestOptions

_ONE = "/contacts/{contact_id}/card/{card_id}"

CREATE = contact_operations.CARDS_CREATE
UPDATE = contact_operations.CARDS_UPDATE
COUNT = contact_operations.CARDS_COUNT


class Cards(ContactsCards):
    """``books.contacts.cards``: cards a contact is charged on automatically."""

    async def count(self, *, options: RequestOptions | None = None) -> int:  # type: ignore[override]
        """How many cards are saved across the organization's contacts. Scope: contacts.READ.

        ``n = await books.contacts.cards.count()``
        """
        return await self._fetch(COUNT, int, key="card_count", options=options)
