"""Contact addresses: the additional addresses of a contact, and address checks."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsAddressesBase
from .._generated.operations import contacts as contact_operations
from ..inputs import body_from, checked_fields
from ..models.addresses import ContactAddress
from ..models.base import ActionResult
from ..models.contacts import Address
from ..operations import check_id
from ..pagination import MAX_PER_PAGE, Paginator
from ..pipeline.values import RequestOptions

ADD = contact_operations.ADDRESSES_ADD
LIST = contact_operations.ADDRESSES_LIST
UPDATE = contact_operations.ADDRESSES_UPDATE
DELETE = contact_operations.ADDRESSES_DELETE
LIST_ALL = contact_operations.ADDRESSES_LIST_ALL
MARK_BILLING = contact_operations.ADDRESSES_MARK_BILLING
MARK_SHIPPING = contact_operations.ADDRESSES_MARK_SHIPPING
VERIFY = contact_operations.ADDRESSES_VERIFY
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

    async def list(self, contact_id: str, *, options: RequestOptions | None = None) -> list[Address]:
        """Every address of a contact: billing, shipping and additional. Scope: contacts.READ.

        ``addresses = await books.contacts.addresses.list(contact_id)``
        """
        return await self._fetch(
            LIST, list[Address], path={"contact_id": contact_id}, options=options
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

    async def mark_billing(
        self, contact_id: str, address_id: str, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Make this address the contact's billing address. Scope: contacts.CREATE.

        ``await books.contacts.addresses.mark_billing(contact_id, address_id)``
        """
        return await self._action(
            MARK_BILLING,
            path={"contact_id": contact_id, "address_id": address_id},
            options=options,
        )

    async def mark_shipping(
        self, contact_id: str, address_id: str, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Make this address the contact's shipping address. Scope: contacts.CREATE.

        ``await books.contacts.addresses.mark_shipping(contact_id, address_id)``
        """
        return await self._action(
            MARK_SHIPPING,
            path={"contact_id": contact_id, "address_id": address_id},
            options=options,
        )

    async def verify(
        self, contact_id: str, address_id: str, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Verify a stored address of a contact. Scope: contacts.CREATE.

        ``result = await books.contacts.addresses.verify(contact_id, address_id)``; any details
        Zoho adds to its answer are in ``result.extra``.
        """
        return await self._action(
            VERIFY,
            path={"contact_id": contact_id, "address_id": address_id},
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

    def list_all(
        self,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
    ) -> Paginator[ContactAddress]:
        """The addresses of every contact, page by page. Scope: contacts.READ.

        ``async for address in books.contacts.addresses.list_all(): print(address.contact_id)``
        """
        return self._list(
            LIST_ALL, ContactAddress, per_page=per_page, page=page, options=options
        )


class _ValidateQuery(AddressCheckFields, total=False):
    line1: str
