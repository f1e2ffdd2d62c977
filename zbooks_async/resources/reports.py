"""Reports on one contact: unpaid invoices, unused credits, refunds and summaries."""

from __future__ import annotations

from .._generated.api.contacts import ContactsReports


class ContactReports(ContactsReports):
    """``books.contacts.reports``: what a contact owes, is owed, and has traded with you."""
