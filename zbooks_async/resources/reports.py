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
UNUSED_RETAINER_PAYMENTS = contact_operations.REPORTS_UNUSED_RETAINER_PAYMENTS


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
