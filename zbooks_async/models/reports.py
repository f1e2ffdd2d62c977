"""What Zoho reports about one contact: open invoices, credits, refunds and summaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .base import Model


@attrs.define(kw_only=True)
class UnpaidInvoice(Model):
    """An invoice of the contact with a balance still to pay."""

    invoice_id: str | None = None
    invoice_number: str | None = None
    reference_number: str | None = None
    customer_id: str | None = None
    customer_name: str | None = None
    status: str | None = None
    date: dt.date | None = None
    due_date: dt.date | None = None
    currency_id: str | None = None
    currency_code: str | None = None
    exchange_rate: Decimal | None = None
    total: Decimal | None = None
    balance: Decimal | None = None
    created_time: dt.datetime | None = None
    last_modified_time: dt.datetime | None = None


@attrs.define(kw_only=True)
class UnusedCredit(Model):
    """Credit a customer can still apply: an open credit note or an excess payment.

    ``transaction_type`` says which (``creditnote`` or ``customer_payment``); only the id and
    number fields of that kind are set.
    """

    transaction_type: str | None = None
    creditnote_id: str | None = None
    creditnote_number: str | None = None
    payment_id: str | None = None
    payment_number: str | None = None
    date: dt.date | None = None
    reference_number: str | None = None
    currency_id: str | None = None
    currency_code: str | None = None
    exchange_rate: Decimal | None = None
    amount: Decimal | None = None
    unused_amount: Decimal | None = None


@attrs.define(kw_only=True)
class UnusedRetainerPayment(Model):
    """A retainer payment not yet applied to invoices."""

    payment_id: str | None = None
    payment_number: str | None = None
    date: dt.date | None = None
    amount: Decimal | None = None
    unused_amount: Decimal | None = None
    currency_id: str | None = None
    currency_code: str | None = None
    currency_symbol: str | None = None
    reference_number: str | None = None
    payment_mode: str | None = None
    description: str | None = None


@attrs.define(kw_only=True)
class Refund(Model):
    """What every refund to a customer carries: when, how, and how much."""

    date: dt.date | None = None
    refund_mode: str | None = None
    reference_number: str | None = None
    customer_name: str | None = None
    description: str | None = None
    amount_bcy: Decimal | None = None
    amount_fcy: Decimal | None = None


@attrs.define(kw_only=True)
class CreditNoteRefund(Refund):
    """Money paid back to a customer out of a credit note."""

    creditnote_refund_id: str | None = None
    creditnote_id: str | None = None
    creditnote_number: str | None = None


@attrs.define(kw_only=True)
class PaymentRefund(Refund):
    """Money paid back to a customer out of an excess payment."""

    payment_refund_id: str | None = None
    payment_id: str | None = None
    payment_number: str | None = None


@attrs.define(kw_only=True)
class IncomeExpensePeriod(Model):
    """Income earned from and expense incurred with a contact in one period (a month)."""

    period: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    income: Decimal | None = None
    expense: Decimal | None = None


@attrs.define(kw_only=True)
class IncomeAndExpense(Model):
    """A contact's income and expense, period by period, in the base currency."""

    currency_code: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    total_income: Decimal | None = None
    total_expense: Decimal | None = None
    periods: list[IncomeExpensePeriod] | None = None


@attrs.define(kw_only=True)
class ReportRow(Model):
    """One account's amount inside a report section."""

    account_id: str | None = None
    account_name: str | None = None
    amount: Decimal | None = None


@attrs.define(kw_only=True)
class ReportSection(Model):
    """A section of a report (operating income, cost of goods sold, expense) and its rows."""

    name: str | None = None
    total: Decimal | None = None
    rows: list[ReportRow] | None = None


@attrs.define(kw_only=True)
class ProfitAndLoss(Model):
    """The profit made on a contact over a period: income less cost of goods and expense."""

    currency_code: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    operating_income: Decimal | None = None
    cost_of_goods_sold: Decimal | None = None
    gross_profit: Decimal | None = None
    operating_expense: Decimal | None = None
    net_profit: Decimal | None = None
    sections: list[ReportSection] | None = None


@attrs.define(kw_only=True)
class InventoryItemSummary(Model):
    """How much of one item the contact bought from or sold to you."""

    item_id: str | None = None
    name: str | None = None
    sku: str | None = None
    unit: str | None = None
    quantity_sold: Decimal | None = None
    amount_sold: Decimal | None = None
    quantity_purchased: Decimal | None = None
    amount_purchased: Decimal | None = None


@attrs.define(kw_only=True)
class InventorySummary(Model):
    """The items traded with a contact, with quantities and amounts."""

    currency_code: str | None = None
    total_amount_sold: Decimal | None = None
    total_amount_purchased: Decimal | None = None
    items: list[InventoryItemSummary] | None = None
