"""A contact's account statement: opening balance, transactions of the period, balance due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .base import Model


@attrs.define(kw_only=True)
class StatementTransaction(Model):
    """One line of a statement: an invoice, a payment, a credit note or the opening balance."""

    transaction_id: str | None = None
    transaction_type: str | None = None
    transaction_number: str | None = None
    date: dt.date | None = None
    due_date: dt.date | None = None
    reference_number: str | None = None
    description: str | None = None
    amount: Decimal | None = None
    payment: Decimal | None = None
    balance: Decimal | None = None


@attrs.define(kw_only=True)
class ContactStatement(Model):
    """What a contact owes over a period, and every transaction that moved the balance."""

    contact_id: str | None = None
    contact_name: str | None = None
    currency_id: str | None = None
    currency_code: str | None = None
    currency_symbol: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    opening_balance: Decimal | None = None
    invoiced_amount: Decimal | None = None
    amount_received: Decimal | None = None
    credited_amount: Decimal | None = None
    balance_due: Decimal | None = None
    transactions: list[StatementTransaction] | None = None
