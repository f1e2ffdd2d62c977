"""Contact comments: notes added to a contact, listed with its recorded activity.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsComments


class Comments(ContactsComments):
    """``books.contacts.comments``: comments on a contact. Scopes ``ZohoBooks.contacts.*``."""
