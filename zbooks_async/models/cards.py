"""Credit and debit cards saved on a contact for automatic payment collection."""

from __future__ import annotations

from datetime import datetime

import attrs

from .base import ActionResult, Model


@attrs.define(kw_only=True)
class Card(Model):
    """A contact's saved card. Zoho never shows the card number or CVV again, only the last
    four digits."""

    card_id: str | None = None
    contact_id: str | None = None
    gateway: str | None = None
    card_type: str | None = None
    last_four_digits: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zip: str | None = None
    expire_month: int | None = None
    expire_year: int | None = None
    is_primary: bool | None = None
    is_backup: bool | None = None
    status: str | None = None
    created_time: datetime | None = None
    last_modified_time: datetime | None = None


@attrs.define(kw_only=True)
class CardResult(ActionResult):
    """The answer to adding or updating a card: Zoho's code and message, and the card itself
    when the answer carries it (Zoho documents only the message)."""

    card: Card | None = None


@attrs.define(kw_only=True)
class AutoBilledRecurringInvoice(Model):
    """A recurring invoice that is charged automatically to a contact's card."""

    recurring_invoice_id: str | None = None
    recurrence_name: str | None = None
