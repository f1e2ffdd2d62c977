"""Contact addresses: the additional addresses of a contact, and address checks.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsAddresses


class Addresses(ContactsAddresses):
    """``books.contacts.addresses``: a contact's additional addresses. Scopes ``ZohoBooks.contacts.*``."""
