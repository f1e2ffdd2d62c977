"""What Zoho reports about one contact: open invoices, credits, refunds and summaries.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    CreditNoteRefund,
    IncomeAndExpense,
    IncomeExpensePeriod,
    InventoryItemSummary,
    InventorySummary,
    PaymentRefund,
    ProfitAndLoss,
    Refund,
    ReportRow,
    ReportSection,
    UnpaidInvoice,
    UnusedCredit,
    UnusedRetainerPayment,
)

__all__ = [
    "CreditNoteRefund",
    "IncomeAndExpense",
    "IncomeExpensePeriod",
    "InventoryItemSummary",
    "InventorySummary",
    "PaymentRefund",
    "ProfitAndLoss",
    "Refund",
    "ReportRow",
    "ReportSection",
    "UnpaidInvoice",
    "UnusedCredit",
    "UnusedRetainerPayment",
]
