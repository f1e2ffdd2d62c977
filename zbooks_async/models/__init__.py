"""Every model the SDK returns: plain attrs classes, no I/O. Unknown fields live in ``extra``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .addresses import ContactAddress
    from .bank_accounts import BankAccount, BankAccountResult
    from .base import ActionResult, Model
    from .cards import AutoBilledRecurringInvoice, Card, CardResult
    from .comments import ContactComment
    from .common import CustomField, PageContext, TagAssignment
    from .contacts import (
        Address,
        CommunicationPreference,
        Contact,
        ContactPerson,
        DefaultTemplates,
        OpeningBalance,
    )
    from .documents import AttachmentResult, ContactDocument
    from .emails import EmailContent, EmailRecipient, EmailSender
    from .reports import (
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
    from .sms import SmsContent, SmsRecipient
    from .statements import ContactStatement, StatementTransaction
    from .tax_info import ContactTaxInfo

__all__ = [
    "ActionResult",
    "Address",
    "AttachmentResult",
    "AutoBilledRecurringInvoice",
    "BankAccount",
    "BankAccountResult",
    "Card",
    "CardResult",
    "CommunicationPreference",
    "Contact",
    "ContactAddress",
    "ContactComment",
    "ContactDocument",
    "ContactPerson",
    "ContactStatement",
    "ContactTaxInfo",
    "CreditNoteRefund",
    "CustomField",
    "DefaultTemplates",
    "EmailContent",
    "EmailRecipient",
    "EmailSender",
    "IncomeAndExpense",
    "IncomeExpensePeriod",
    "InventoryItemSummary",
    "InventorySummary",
    "Model",
    "OpeningBalance",
    "PageContext",
    "PaymentRefund",
    "ProfitAndLoss",
    "Refund",
    "ReportRow",
    "ReportSection",
    "SmsContent",
    "SmsRecipient",
    "StatementTransaction",
    "TagAssignment",
    "UnpaidInvoice",
    "UnusedCredit",
    "UnusedRetainerPayment",
]

# Each model module is imported when one of its names is first asked for: importing
# zbooks_async.models.base (every model's base) does not build the models.
__getattr__, __dir__ = lazy_exports(
    globals(),
    {
        "ContactAddress": ".addresses",
        "BankAccount": ".bank_accounts",
        "BankAccountResult": ".bank_accounts",
        "ActionResult": ".base",
        "Model": ".base",
        "AutoBilledRecurringInvoice": ".cards",
        "Card": ".cards",
        "CardResult": ".cards",
        "ContactComment": ".comments",
        "CustomField": ".common",
        "PageContext": ".common",
        "TagAssignment": ".common",
        "Address": ".contacts",
        "CommunicationPreference": ".contacts",
        "Contact": ".contacts",
        "ContactPerson": ".contacts",
        "DefaultTemplates": ".contacts",
        "OpeningBalance": ".contacts",
        "AttachmentResult": ".documents",
        "ContactDocument": ".documents",
        "EmailContent": ".emails",
        "EmailRecipient": ".emails",
        "EmailSender": ".emails",
        "CreditNoteRefund": ".reports",
        "IncomeAndExpense": ".reports",
        "IncomeExpensePeriod": ".reports",
        "InventoryItemSummary": ".reports",
        "InventorySummary": ".reports",
        "PaymentRefund": ".reports",
        "ProfitAndLoss": ".reports",
        "Refund": ".reports",
        "ReportRow": ".reports",
        "ReportSection": ".reports",
        "UnpaidInvoice": ".reports",
        "UnusedCredit": ".reports",
        "UnusedRetainerPayment": ".reports",
        "SmsContent": ".sms",
        "SmsRecipient": ".sms",
        "ContactStatement": ".statements",
        "StatementTransaction": ".statements",
        "ContactTaxInfo": ".tax_info",
    },
)
