"""Contact addresses: the additional addresses of a contact, and address checks."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsAddresses
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_fields
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions

VALIDATE = contact_operations.ADDRESSES_VALIDATE


class AddressFields(TypedDict, total=False):
    """The body fields of add and update, named as in Zoho's OpenAPI document."""

    attention: str
    address: str
    street2: str
    city: str
    state: str
    zip: str | int  # the document's example: 94588
    country: str
    fax: str
    phone: str


class AddressCheckFields(TypedDict, total=False):
    """The optional query parameters of the address check, named as in Zoho's OpenAPI document."""

    city: str
    region: str
    country: str
    postal_code: str


class Addresses(ContactsAddresses):
    """``books.contacts.addresses``: a contact's additional addresses. Scopes ``ZohoBooks.contacts.*``."""

    async def validate(  # type: ignore[override]
        self,
        line1: str,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[AddressCheckFields],
    ) -> ActionResult:
        """Check an address before using it on a contact. Scope: contacts.READ.

        ``await books.contacts.addresses.validate("7 Hales Court", city="Pleasanton")``; any
        details Zoho adds to its answer are in ``result.extra``.
        """
        query = checked_fields(_ValidateQuery, {"line1": line1, **fields})
        if not line1.strip():
            raise ValueError("line1 must not be empty")
        return await self._action(VALIDATE, query=query, options=options)


class _ValidateQuery(AddressCheckFields, total=False):
    line1: str
