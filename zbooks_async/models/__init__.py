"""Every model the SDK returns: plain attrs classes, no I/O. Unknown fields live in ``extra``."""

from __future__ import annotations

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
