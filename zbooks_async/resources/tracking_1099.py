"""1099 tracking (United States organizations): report a vendor's payments on Form 1099.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsTracking1099


class Tracking1099(ContactsTracking1099):
    """``books.contacts.tracking_1099``: whether payments to a contact count for Form 1099.

    Only organizations in the United States edition have these endpoints.
    """
