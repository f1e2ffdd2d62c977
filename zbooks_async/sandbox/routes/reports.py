"""Report routes: a contact's unpaid invoices, credits, refunds and summaries, from its ledger."""

from __future__ import annotations

from aiohttp import web

from .. import errors, ledger
from ..envelope import success
from ..state import JSONObject
from .common import Serve, requested_page
from .contact_requests import contact_ledger, today


def _page(request: web.Request, key: str, items: list[JSONObject], report_name: str) -> web.Response:
    """One page of ``items`` under ``key``, with Zoho's page_context."""
    chosen, context = requested_page(request.query, items)
    resources: JSONObject = {key: chosen}
    return success(
        **resources,
        page_context={**context, "report_name": report_name, "sort_column": "date", "sort_order": "D"},
    )


async def unpaid_invoices(request: web.Request) -> web.Response:
    """GET /contacts/{id}/unpaidinvoices: paginated, newest first."""
    record, entries = contact_ledger(request)
    return _page(request, "invoices", ledger.unpaid_invoices(record, entries), "Unpaid Invoices")


async def unused_credits(request: web.Request) -> web.Response:
    """GET /contacts/{id}/receivables/unusedcredits."""
    record, entries = contact_ledger(request)
    return success(unused_credits_receivable=ledger.unused_credits(record, entries))


async def unused_retainer_payments(request: web.Request) -> web.Response:
    """GET /contacts/{id}/receivables/unusedretainerpayments[?currency_id=]."""
    currency_id = request.query.get("currency_id") or None
    if currency_id is not None and not currency_id.isdigit():
        raise errors.invalid_parameter("currency_id")
    record, entries = contact_ledger(request)
    payments = ledger.unused_retainer_payments(record, entries, currency_id)
    return success(unused_credits_receivable=payments)


async def creditnote_refunds(request: web.Request) -> web.Response:
    """GET /contacts/{id}/refunds: credit note refunds, paginated, newest first."""
    record, entries = contact_ledger(request)
    refunds = ledger.refunds(record, entries, "creditnote_refund")
    return _page(request, "creditnote_refunds", refunds, "Credit Notes Refund")


async def payment_refunds(request: web.Request) -> web.Response:
    """GET /contacts/{id}/paymentrefunds: payment refunds, paginated, newest first."""
    record, entries = contact_ledger(request)
    refunds = ledger.refunds(record, entries, "payment_refund")
    return _page(request, "payment_refunds", refunds, "Payment Refunds")


async def income_and_expense(request: web.Request) -> web.Response:
    """GET /contacts/{id}/incomeandexpense: the last twelve months."""
    record, entries = contact_ledger(request)
    return success(income_and_expense=ledger.income_and_expense(record, entries, today(request)))


async def profit_and_loss(request: web.Request) -> web.Response:
    """GET /contacts/{id}/profitandloss."""
    record, entries = contact_ledger(request)
    return success(profit_and_loss=ledger.profit_and_loss(record, entries, today(request)))


async def inventory_summary(request: web.Request) -> web.Response:
    """GET /contacts/{id}/inventorysummary."""
    record, entries = contact_ledger(request)
    return success(inventory_summary=ledger.inventory_summary(record, entries))


async def opening_balances(request: web.Request) -> web.Response:
    """GET /contacts/{id}/openingbalances."""
    record, entries = contact_ledger(request)
    return success(opening_balances=ledger.opening_balances(record, entries))


SERVES: dict[tuple[str, str], Serve] = {
    ("GET", "/contacts/{contact_id}/unpaidinvoices"): unpaid_invoices,
    ("GET", "/contacts/{contact_id}/receivables/unusedcredits"): unused_credits,
    ("GET", "/contacts/{contact_id}/receivables/unusedretainerpayments"): unused_retainer_payments,
    ("GET", "/contacts/{contact_id}/refunds"): creditnote_refunds,
    ("GET", "/contacts/{contact_id}/paymentrefunds"): payment_refunds,
    ("GET", "/contacts/{contact_id}/incomeandexpense"): income_and_expense,
    ("GET", "/contacts/{contact_id}/profitandloss"): profit_and_loss,
    ("GET", "/contacts/{contact_id}/inventorysummary"): inventory_summary,
    ("GET", "/contacts/{contact_id}/openingbalances"): opening_balances,
}
"""(method, path template) -> the hook that answers it."""
