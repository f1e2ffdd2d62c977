"""Reports on one contact: unpaid invoices, unused credits, refunds and summaries."""

from __future__ import annotations

from .._generated.api.contacts import ContactsReportsBase
from .._generated.operations import contacts as contact_operations
from ..models.reports import (
    UnusedRetainerPayment,
)
from ..operations import check_id
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
