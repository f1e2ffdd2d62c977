"""SMS notifications to contacts: the prefilled message and who it goes to."""

from __future__ import annotations

import attrs

from .base import Model


@attrs.define(kw_only=True)
class SmsRecipient(Model):
    """A contact person an SMS can go to; ``selected`` marks the ones it goes to by default."""

    contact_person_id: str | None = None
    contact_id: str | None = None
    salutation: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    mobile: str | None = None
    selected: bool | None = None


@attrs.define(kw_only=True)
class SmsContent(Model):
    """The SMS Zoho would send: its text and its recipients (one contact, or several)."""

    body: str | None = None
    contact_id: str | None = None
    contact_ids: list[str] | None = None
    to_contacts: list[SmsRecipient] | None = None
