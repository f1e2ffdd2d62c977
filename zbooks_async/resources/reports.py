"""Reports on one contact: unpaid invoices, unused credits, refunds and summaries."""

from __future__ import annotations

from .._generated.api.contacts import ContactsReportsBase
from .._generated.operations import contacts as contact_operations
from ..models.contacts import OpeningBalance
from ..models.reports import (
    CreditNoteRefund,
    PaymentRefund,
    UnpaidInvoice,
    UnusedCredit,
    UnusedRetainerPayment,
)
from ..operations import check_id
from ..pagination import MAX_PER_PAGE, Paginator
from ..pipeline.values import RequestOptions

READ = "ZohoBooks.contacts.READ"
UNPAID_INVOICES = contact_operations.REPORTS_UNPAID_INVOICES
UNUSED_CREDITS = contact_operations.REPORTS_UNUSED_CREDITS
UNUSED_RETAINER_PAYMENTS = contact_operations.REPORTS_UNUSED_RETAINER_PAYMENTS
CREDIT_NOTE_REFUNDS = contact_operations.REPORTS_CREDIT_NOTE_REFUNDS
PAYMENT_REFUNDS = contact_operations.REPORTS_PAYMENT_REFUNDS
INCOME_AND_EXPENSE = contact_operations.REPORTS_INCOME_AND_EXPENSE
PROFIT_AND_LOSS = contact_operations.REPORTS_PROFIT_AND_LOSS
INVENTORY_SUMMARY = contact_operations.REPORTS_INVENTORY_SUMMARY
OPENING_BALANCES = contact_operations.REPORTS_OPENING_BALANCES


class ContactReports(ContactsReportsBase):
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
            PaymentRefund,
            path={"contact_id": check_id("contact_id", contact_id)},
            per_page=per_page,
            page=page,
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
            list[OpeningBalance],
            path={"contact_id": contact_id},
            options=options,
        )
