"""Reports on one contact: unpaid invoices, unused credits, refunds and summaries."""

from __future__ import annotations

from ..models.contacts import OpeningBalance
from ..models.reports import (
    CreditNoteRefund,
    IncomeAndExpense,
    InventorySummary,
    PaymentRefund,
    ProfitAndLoss,
    UnpaidInvoice,
    UnusedCredit,
    UnusedRetainerPayment,
)
from ..operations import Operation, check_id
from ..pagination import MAX_PER_PAGE, Paginator
from ..pipeline.values import RequestOptions
from .base import Resource

READ = "ZohoBooks.contacts.READ"
UNPAID_INVOICES = Operation(
    "contacts.reports.unpaid_invoices", "GET", "/contacts/{contact_id}/unpaidinvoices", READ
)
UNUSED_CREDITS = Operation(
    "contacts.reports.unused_credits",
    "GET",
    "/contacts/{contact_id}/receivables/unusedcredits",
    READ,
)
UNUSED_RETAINER_PAYMENTS = Operation(
    "contacts.reports.unused_retainer_payments",
    "GET",
    "/contacts/{contact_id}/receivables/unusedretainerpayments",
    READ,
)
CREDIT_NOTE_REFUNDS = Operation(
    "contacts.reports.credit_note_refunds", "GET", "/contacts/{contact_id}/refunds", READ
)
PAYMENT_REFUNDS = Operation(
    "contacts.reports.payment_refunds", "GET", "/contacts/{contact_id}/paymentrefunds", READ
)
INCOME_AND_EXPENSE = Operation(
    "contacts.reports.income_and_expense", "GET", "/contacts/{contact_id}/incomeandexpense", READ
)
PROFIT_AND_LOSS = Operation(
    "contacts.reports.profit_and_loss", "GET", "/contacts/{contact_id}/profitandloss", READ
)
INVENTORY_SUMMARY = Operation(
    "contacts.reports.inventory_summary", "GET", "/contacts/{contact_id}/inventorysummary", READ
)
OPENING_BALANCES = Operation(
    "contacts.reports.opening_balances",
    "GET",
    "/contacts/{contact_id}/openingbalances",
    "ZohoBooks.settings.READ",
)


class ContactReports(Resource):
    """``books.contacts.reports``: what a contact owes, is owed, and has traded with you."""

    def unpaid_invoices(
        self,
        contact_id: str,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
    ) -> Paginator[UnpaidInvoice]:
        """The contact's invoices with a balance due; ``async for`` walks every page.

        Scope: contacts.READ. ``async for inv in books.contacts.reports.unpaid_invoices(cid)``
        """
        return self._list(
            UNPAID_INVOICES,
            "invoices",
            UnpaidInvoice,
            path={"contact_id": check_id("contact_id", contact_id)},
            per_page=per_page,
            page=page,
            options=options,
        )

    async def unused_credits(
        self, contact_id: str, *, options: RequestOptions | None = None
    ) -> list[UnusedCredit]:
        """Open credit notes and excess payments the customer can still apply.

        Scope: contacts.READ. ``credits = await books.contacts.reports.unused_credits(cid)``
        """
        return await self._fetch(
            UNUSED_CREDITS,
            "unused_credits_receivable",
            list[UnusedCredit],
            path={"contact_id": contact_id},
            options=options,
        )

    async def unused_retainer_payments(
        self,
        contact_id: str,
        *,
        currency_id: str | None = None,
        options: RequestOptions | None = None,
    ) -> list[UnusedRetainerPayment]:
        """Retainer payments not yet applied to invoices, optionally in one currency.

        Scope: contacts.READ.
        ``await books.contacts.reports.unused_retainer_payments(cid, currency_id="460000000000097")``
        """
        query = {"currency_id": check_id("currency_id", currency_id) if currency_id else None}
        return await self._fetch(
            UNUSED_RETAINER_PAYMENTS,
            "unused_credits_receivable",
            list[UnusedRetainerPayment],
            path={"contact_id": contact_id},
            query=query,
            options=options,
        )

    def credit_note_refunds(
        self,
        contact_id: str,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
    ) -> Paginator[CreditNoteRefund]:
        """Refunds paid to the customer out of credit notes; ``async for`` walks every page.

        Scope: contacts.READ. ``async for r in books.contacts.reports.credit_note_refunds(cid)``
        """
        return self._list(
            CREDIT_NOTE_REFUNDS,
            "creditnote_refunds",
            CreditNoteRefund,
            path={"contact_id": check_id("contact_id", contact_id)},
            per_page=per_page,
            page=page,
            options=options,
        )

    def payment_refunds(
        self,
        contact_id: str,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
    ) -> Paginator[PaymentRefund]:
        """Refunds paid to the customer out of excess payments; ``async for`` walks every page.

        Scope: contacts.READ. ``async for r in books.contacts.reports.payment_refunds(cid)``
        """
        return self._list(
            PAYMENT_REFUNDS,
            "payment_refunds",
            PaymentRefund,
            path={"contact_id": check_id("contact_id", contact_id)},
            per_page=per_page,
            page=page,
            options=options,
        )

    async def income_and_expense(
        self, contact_id: str, *, options: RequestOptions | None = None
    ) -> IncomeAndExpense:
        """Income from and expense with the contact, month by month. Scope: contacts.READ.

        ``report = await books.contacts.reports.income_and_expense(cid)``
        """
        return await self._fetch(
            INCOME_AND_EXPENSE,
            "income_and_expense",
            IncomeAndExpense,
            path={"contact_id": contact_id},
            options=options,
        )

    async def profit_and_loss(
        self, contact_id: str, *, options: RequestOptions | None = None
    ) -> ProfitAndLoss:
        """The profit made on the contact: income, cost of goods, expense. Scope: contacts.READ.

        ``report = await books.contacts.reports.profit_and_loss(cid)``
        """
        return await self._fetch(
            PROFIT_AND_LOSS,
            "profit_and_loss",
            ProfitAndLoss,
            path={"contact_id": contact_id},
            options=options,
        )

    async def inventory_summary(
        self, contact_id: str, *, options: RequestOptions | None = None
    ) -> InventorySummary:
        """The items sold to or bought from the contact. Scope: contacts.READ.

        ``summary = await books.contacts.reports.inventory_summary(cid)``
        """
        return await self._fetch(
            INVENTORY_SUMMARY,
            "inventory_summary",
            InventorySummary,
            path={"contact_id": contact_id},
            options=options,
        )

    async def opening_balances(
        self, contact_id: str, *, options: RequestOptions | None = None
    ) -> list[OpeningBalance]:
        """The contact's opening balances, one per location. Scope: settings.READ.

        ``balances = await books.contacts.reports.opening_balances(cid)``
        """
        return await self._fetch(
            OPENING_BALANCES,
            "opening_balances",
            list[OpeningBalance],
            path={"contact_id": contact_id},
            options=options,
        )
