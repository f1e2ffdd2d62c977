"""Tax registrations of a contact (a contact may hold several, e.g. one GSTIN per state).

Zoho's Contacts reference gives no fields for these records; the names follow the
``tax_info_list`` entries Zoho Books returns on a contact.
"""

from __future__ import annotations

import attrs

from .base import Model


@attrs.define(kw_only=True)
class ContactTaxInfo(Model):
    """One tax registration of a contact."""

    tax_info_id: str | None = None
    tax_registration_no: str | None = None
    tax_treatment: str | None = None
    place_of_contact: str | None = None
    #: What real answers carry where the documents say ``place_of_contact``.
    place_of_supply: str | None = None
    legal_name: str | None = None
    trader_name: str | None = None
    is_primary: bool | None = None
