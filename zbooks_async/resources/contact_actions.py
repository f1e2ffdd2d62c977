"""Actions on a contact itself beyond create/read/update/delete: merge duplicates, look it up
by an external reference, upsert by a unique custom field, and tax-registration checks.

``Contacts`` inherits these methods, so they are called as ``books.contacts.merge(...)``.
"""

from __future__ import annotations

from typing_extensions import Unpack

from .._generated.api.contacts import Contacts as GeneratedContacts
from .._generated.operations import contacts as contact_operations
from ..inputs import require_change
from ..models.contacts import Contact
from ..pipeline.values import RequestOptions
from .contact_fields import ContactFields, contact_body

MERGE = contact_operations.MERGE
GET_BY_REFERENCE = contact_operations.GET_BY_REFERENCE
VERIFY_EINVOICE = contact_operations.VERIFY_EINVOICE
UPDATE_TRN_STATUS = contact_operations.UPDATE_TRN_STATUS
UPDATE_BY_CUSTOM_FIELD = contact_operations.UPDATE_BY_CUSTOM_FIELD

UNIQUE_KEY_HEADER = "X-Unique-Identifier-Key"
UNIQUE_VALUE_HEADER = "X-Unique-Identifier-Value"
UPSERT_HEADER = "X-Upsert"


class ContactActions(GeneratedContacts):
    """Contact-level actions, mixed into ``books.contacts``."""

    async def update_by_custom_field(  # type: ignore[override]
        self,
        api_name: str,
        value: str,
        contact: Contact | None = None,
        /,
        *,
        upsert: bool = False,
        options: RequestOptions | None = None,
        **fields: Unpack[ContactFields],
    ) -> Contact:
        """Update the contact whose unique custom field ``api_name`` holds ``value``; with
        ``upsert=True`` create it when none does. Scope: contacts.UPDATE.

        ``await books.contacts.update_by_custom_field("cf_crm_id", "C-42", notes="VIP", upsert=True)``
        """
        if not isinstance(api_name, str) or not api_name.strip():
            raise ValueError("api_name must name a custom field, e.g. 'cf_crm_id'")
        if not isinstance(value, str) or not value:
            raise ValueError("value must be the custom field's unique value, a non-empty string")
        body = contact_body(contact, fields)
        require_change(UPDATE_BY_CUSTOM_FIELD.name, body)
        if upsert and not body.get("contact_name"):
            raise ValueError("contact_name is required with upsert=True (the contact may be created)")
        headers = {UNIQUE_KEY_HEADER: api_name, UNIQUE_VALUE_HEADER: value}
        if upsert:
            headers[UPSERT_HEADER] = "true"
        return await self._fetch(UPDATE_BY_CUSTOM_FIELD, Contact, json=body, options=options, headers=headers)
