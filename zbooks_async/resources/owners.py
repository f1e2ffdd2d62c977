"""Contact owners: the user a contact belongs to, for one contact or many.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsOwners


class Owners(ContactsOwners):
    """``books.contacts.owners``: which user owns a contact."""
