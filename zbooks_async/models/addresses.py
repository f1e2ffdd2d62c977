"""Addresses as the organization-wide address list returns them (with the contact they belong to)."""

from __future__ import annotations

import attrs

from .contacts import Address


@attrs.define(kw_only=True)
class ContactAddress(Address):
    """An address of some contact, as ``GET /contacts/address`` lists it."""

    contact_id: str | None = None
    contact_name: str | None = None
