"""Contact tax information: the tax registrations of a contact (e.g. one GSTIN per state)."""

from __future__ import annotations

from typing import TypedDict

from .._generated.api.contacts import ContactsTaxInfo


class TaxInfoFields(TypedDict, total=False):
    """The body fields of add and update (Zoho's reference names none; see the model)."""

    tax_registration_no: str
    tax_treatment: str
    place_of_contact: str
    legal_name: str
    trader_name: str
    is_primary: bool


class TaxInfo(ContactsTaxInfo):
    """``books.contacts.tax_info``: a contact's tax registrations. Scopes ``ZohoBooks.contacts.*``."""
