"""Bank accounts of a contact: add, change, review (approve, decline, verify), list, delete.

Every function is the generated one (``zbooks_async._generated.api.contacts``)."""

from __future__ import annotations

from .._generated.api.contacts import ContactsBankAccounts


class BankAccounts(ContactsBankAccounts):
    """``books.contacts.bank_accounts``: accounts a contact pays from by ACH or bank transfer."""
