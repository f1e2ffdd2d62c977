"""Automatic payment reminders for a contact: on or off."""

from __future__ import annotations

from .._generated.api.contacts import ContactsPaymentReminders


class PaymentReminders(ContactsPaymentReminders):
    """``books.contacts.payment_reminders``: Zoho's automated reminders of unpaid invoices."""
