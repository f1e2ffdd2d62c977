"""Contact tax information: the tax registrations of a contact (e.g. one GSTIN per state)."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsTaxInfoBase
from .._generated.operations import contacts as contact_operations
from ..inputs import body_from
from ..models.tax_info import ContactTaxInfo
from ..pipeline.values import RequestOptions

ADD = contact_operations.TAX_INFO_ADD
UPDATE = contact_operations.TAX_INFO_UPDATE


class TaxInfoFields(TypedDict, total=False):
    """The body fields of add and update (Zoho's reference names none; see the model)."""

    tax_registration_no: str
    tax_treatment: str
    place_of_contact: str
    legal_name: str
    trader_name: str
    is_primary: bool


class TaxInfo(ContactsTaxInfoBase):
    """``books.contacts.tax_info``: a contact's tax registrations. Scopes ``ZohoBooks.contacts.*``."""

    async def add(
        self,
        contact_id: str,
        tax_info: ContactTaxInfo | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[TaxInfoFields],
    ) -> ContactTaxInfo:
        """Add a tax registration to a contact. Scope: contacts.CREATE.

        ``await books.contacts.tax_info.add(contact_id, tax_registration_no="29AABCZ1234F1Z5")``
        """
        return await self._fetch(
            ADD,
            ContactTaxInfo,
            path={"contact_id": contact_id},
            json=body_from(tax_info, TaxInfoFields, fields),
            options=options,
        )

    async def update(
        self,
        contact_id: str,
        tax_info_id: str,
        tax_info: ContactTaxInfo | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[TaxInfoFields],
    ) -> ContactTaxInfo:
        """Update a tax registration; fields not given stay as they are. Scope: contacts.UPDATE.

        ``await books.contacts.tax_info.update(contact_id, tax_info_id, is_primary=True)``
        """
        return await self._fetch(
            UPDATE,
            ContactTaxInfo,
            path={"contact_id": contact_id, "tax_info_id": tax_info_id},
            json=body_from(tax_info, TaxInfoFields, fields),
            options=options,
        )
