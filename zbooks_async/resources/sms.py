"""SMS notifications: send to one contact or many, preview the message, and switch SMS on or
off for a contact person.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsSms


class Sms(ContactsSms):
    """``books.contacts.sms``: SMS notifications to contacts and their persons."""
