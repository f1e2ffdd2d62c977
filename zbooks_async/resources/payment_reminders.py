"""Automatic payment reminders for a contact: on or off."""

from __future__ import annotations

from .._generated.api.contacts import ContactsPaymentRemindersBase
from .._generated.operations import contacts as contact_operations

ENABLE = contact_operations.PAYMENT_REMINDERS_ENABLE
DISABLE = contact_operations.PAYMENT_REMINDERS_DISABLE


class PaymentReminders(ContactsPaymentRemindersBase):
    """``books.contacts.payment_reminders``: Zoho's automated reminders of unpaid invoices."""
