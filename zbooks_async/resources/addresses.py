"""Contact addresses: the additional addresses of a contact, and address checks."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsAddressesBase
from .._generated.operations import contacts as contact_operations
from ..inputs import body_from, checked_fields
from ..models.base import ActionResult
from ..models.contacts import Address
from ..operations import check_id
from ..pipeline.values import RequestOptions

ADD = contact_operations.ADDRESSES_ADD
UPDATE = contact_operations.ADDRESSES_UPDATE
VALIDATE = contact_operations.ADDRESSES_VALIDATE


class AddressFields(TypedDict, total=False):
    """The body fields of add and update, named as in Zoho's OpenAPI document."""

    attention: str
    address: str
    street2: str
    city: str
    state: str
    zip: str
    country: str
    fax: str
    phone: str


class AddressCheckFields(TypedDict, total=False):
    """The optional query parameters of the address check, named as in Zoho's OpenAPI document."""

    city: str
    region: str
    country: str
    postal_code: str


class Addresses(ContactsAddressesBase):
    """``books.contacts.addresses``: a contact's additional addresses. Scopes ``ZohoBooks.contacts.*``."""

    async def add(
        self,
        contact_id: str,
        address: Address | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[AddressFields],
    ) -> Address:
        """Add an additional address to a contact. Scope: contacts.CREATE.

        ``await books.contacts.addresses.add(contact_id, address="4900 Hopyard Rd", city="Pleasanton")``
        """
        return await self._fetch(
            ADD,
            Address,
            path={"contact_id": contact_id},
            json=body_from(address, AddressFields, fields),
            options=options,
        )

    async def update(
        self,
        contact_id: str,
        address_id: str,
        address: Address | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[AddressFields],
    ) -> Address:
        """Edit an additional address; fields not given stay as they are. Scope: contacts.UPDATE.

        ``await books.contacts.addresses.update(contact_id, address_id, street2="Suite 310")``
        """
        body = body_from(address, AddressFields, fields)
        body["address_id"] = check_id("address_id", address_id)  # Zoho wants it in the body too
        return await self._fetch(
            UPDATE,
            Address,
            path={"contact_id": contact_id, "address_id": address_id},
            json=body,
            options=options,
        )

    async def validate(
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
