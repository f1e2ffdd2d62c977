"""Bank accounts a contact has given for ACH or bank-transfer collection."""

from __future__ import annotations

from datetime import datetime

import attrs

from .base import ActionResult, Model


@attrs.define(kw_only=True)
class BankAccount(Model):
    """A contact's bank account, as Zoho shows it (the full account number is masked).

    ``status`` follows the account through review: pending, approved, declined or verified.
    """

    account_id: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    gateway: str | None = None
    account_number: str | None = None
    last_four_digits: str | None = None
    account_type: str | None = None
    routing_number: str | None = None
    check_number: str | None = None
    bank_name: str | None = None
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    beneficiary_name: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zip: str | None = None
    status: str | None = None
    is_verified: bool | None = None
    created_time: datetime | None = None
    last_modified_time: datetime | None = None


@attrs.define(kw_only=True)
class BankAccountResult(ActionResult):
    """The answer to adding or updating a bank account: Zoho's code and message, and the
    account itself when the answer carries it (Zoho documents only the message)."""

    bank_account: BankAccount | None = None
