"""books.contacts.reports with HTTP mocked by aioresponses: paths, pagination, typed answers, errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ZohoBooks,
    jsoncodec,
)
from zbooks_async.converter import unstructure

from ..http_mock import ORG, mocked_books, sent
from .contact_examples import CID, example, same_json, split, url

REFUNDS = "/contacts/{contact_id}/refunds"
RETAINERS = "/contacts/{contact_id}/receivables/unusedretainerpayments"


def answer(**fields: Any) -> bytes:
    return jsoncodec.dumps({"code": 0, "message": "success", **fields})


async def test_credit_note_refunds_example_round_trips(books: ZohoBooks, http: aioresponses) -> None:
    documented = example("GET", REFUNDS)
    http.get(url("/refunds"), body=jsoncodec.dumps(documented))
    page = await books.contacts.reports.credit_note_refunds(CID, per_page=10).page()
    first = page.items[0]
    assert first.creditnote_refund_id == "982000000567158" and first.reference_number == 782364
    assert first.amount_bcy == Decimal("57.15") and first.date == date(2013, 11, 19)
    same_json(documented["creditnote_refunds"], unstructure(page.items))
    same_json(documented["page_context"], unstructure(page.page_context))
    [(_, target, _)] = sent(http)
    assert split(target) == (
        f"/contacts/{CID}/refunds",
        {"organization_id": ORG, "page": "1", "per_page": "10"},
    )


async def test_unused_retainer_payments_example_round_trips_with_currency_filter(
    books: ZohoBooks, http: aioresponses
) -> None:
    documented = example("GET", RETAINERS)
    http.get(url("/receivables/unusedretainerpayments"), body=jsoncodec.dumps(documented))
    payments = await books.contacts.reports.unused_retainer_payments(CID, currency_id="460000000000097")
    assert payments[0].unused_amount == Decimal(750) and payments[0].date == date(2023, 12, 1)
    same_json(documented["unused_credits_receivable"], unstructure(payments))
    [(_, target, _)] = sent(http)
    assert split(target)[1] == {"organization_id": ORG, "currency_id": "460000000000097"}


async def test_unpaid_invoices_walk_every_page(books: ZohoBooks, http: aioresponses) -> None:
    first = [{"invoice_id": 1, "balance": 10.5, "due_date": "2024-01-31"}, {"invoice_id": 2, "balance": 3}]
    http.get(
        url("/unpaidinvoices"),
        body=answer(invoices=first, page_context={"page": 1, "per_page": 2, "has_more_page": True}),
    )
    http.get(
        url("/unpaidinvoices"),
        body=answer(
            invoices=[{"invoice_id": 3, "balance": 1}], page_context={"page": 2, "has_more_page": False}
        ),
    )
    invoices = await books.contacts.reports.unpaid_invoices(CID, per_page=2).collect()
    assert [i.invoice_id for i in invoices] == ["1", "2", "3"]
    assert invoices[0].balance == Decimal("10.5") and invoices[0].due_date == date(2024, 1, 31)
    assert [split(target)[1]["page"] for _, target, _ in sent(http)] == ["1", "2"]


async def test_payment_refunds_are_paginated(books: ZohoBooks, http: aioresponses) -> None:
    refund = {"payment_refund_id": 5, "payment_id": 6, "amount_fcy": Decimal("12.25"), "refund_mode": "cash"}
    http.get(
        url("/paymentrefunds"), body=answer(payment_refunds=[refund], page_context={"has_more_page": False})
    )
    refunds = [r async for r in books.contacts.reports.payment_refunds(CID)]
    assert refunds[0].payment_refund_id == "5" and refunds[0].amount_fcy == Decimal("12.25")
    same_json([refund], unstructure(refunds))


SUMMARIES: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "unused_credits",
        "/receivables/unusedcredits",
        "unused_credits_receivable",
        {
            "x": [
                {
                    "transaction_type": "creditnote",
                    "creditnote_id": 9,
                    "date": "2024-02-01",
                    "unused_amount": 40,
                },
                {
                    "transaction_type": "customer_payment",
                    "payment_id": 8,
                    "amount": 100.5,
                    "unused_amount": 0.5,
                },
            ]
        },
    ),
    (
        "income_and_expense",
        "/incomeandexpense",
        "income_and_expense",
        {
            "x": {
                "currency_code": "USD",
                "total_income": 1200.5,
                "total_expense": 200,
                "periods": [
                    {"period": "2024-01", "start_date": "2024-01-01", "income": 1200.5, "expense": 200}
                ],
            }
        },
    ),
    (
        "profit_and_loss",
        "/profitandloss",
        "profit_and_loss",
        {
            "x": {
                "operating_income": 1000,
                "cost_of_goods_sold": 400.25,
                "gross_profit": 599.75,
                "net_profit": 599.75,
                "sections": [
                    {
                        "name": "Operating Income",
                        "total": 1000,
                        "rows": [{"account_id": 460000000000388, "account_name": "Sales", "amount": 1000}],
                    }
                ],
            }
        },
    ),
    (
        "inventory_summary",
        "/inventorysummary",
        "inventory_summary",
        {
            "x": {
                "total_amount_sold": 90,
                "items": [{"item_id": 77, "name": "Chair", "quantity_sold": 1.5, "amount_sold": 90}],
            }
        },
    ),
    (
        "opening_balances",
        "/openingbalances",
        "opening_balances",
        {"x": [{"location_id": 1, "location_name": "Head office", "opening_balance_amount": 650.75}]},
    ),
]


@pytest.mark.parametrize(
    ("method_name", "suffix", "key", "payload"), SUMMARIES, ids=[s[0] for s in SUMMARIES]
)
async def test_summary_reports_read_their_answer_and_round_trip(
    books: ZohoBooks, http: aioresponses, method_name: str, suffix: str, key: str, payload: dict[str, Any]
) -> None:
    data = jsoncodec.loads(jsoncodec.dumps(payload["x"]))
    http.get(url(suffix), body=answer(**{key: data}))
    result = await getattr(books.contacts.reports, method_name)(CID)
    same_json(data, unstructure(result))
    [(method, target, _)] = sent(http)
    assert method == "GET" and split(target) == (f"/contacts/{CID}{suffix}", {"organization_id": ORG})


async def test_opening_balances_without_settings_scope_is_an_authentication_error(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.get(
        url("/openingbalances"),
        status=401,
        payload={"code": 57, "message": "You are not authorized to perform this operation"},
    )
    with pytest.raises(AuthenticationError) as raised:
        await books.contacts.reports.opening_balances(CID)
    assert raised.value.code == 57 and raised.value.path == f"/contacts/{CID}/openingbalances"


async def test_report_on_a_missing_contact_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.get(url("/profitandloss"), status=404, payload={"code": 1002, "message": "Contact does not exist."})
    with pytest.raises(NotFoundError):
        await books.contacts.reports.profit_and_loss(CID)


async def test_throttled_report_is_retried_then_read(books: ZohoBooks, http: aioresponses) -> None:
    http.get(url("/inventorysummary"), status=429, payload={"code": 44, "message": "blocked"})
    http.get(url("/inventorysummary"), body=answer(inventory_summary={"items": []}))
    summary = await books.contacts.reports.inventory_summary(CID)
    assert summary.items == [] and len(sent(http)) == 2


async def test_throttling_that_persists_raises_rate_limit_error(http: aioresponses) -> None:
    http.get(url("/unpaidinvoices"), status=429, payload={"code": 1070, "message": "too many"}, repeat=True)
    async with mocked_books(RetryPolicy(max_retries=0)) as books:
        with pytest.raises(RateLimitError) as raised:
            await books.contacts.reports.unpaid_invoices(CID).page()
    assert raised.value.code == 1070


@pytest.mark.parametrize("bad_id", ["1/../../x", "", "abc", "12 3"])
async def test_bad_ids_raise_before_any_request(books: ZohoBooks, http: aioresponses, bad_id: str) -> None:
    reports = books.contacts.reports
    for listing in (reports.unpaid_invoices, reports.credit_note_refunds, reports.payment_refunds):
        with pytest.raises(ValueError, match="contact_id"):
            listing(bad_id)
    for method_name in (
        "unused_credits",
        "unused_retainer_payments",
        "income_and_expense",
        "profit_and_loss",
        "inventory_summary",
        "opening_balances",
    ):
        with pytest.raises(ValueError, match="contact_id"):
            await getattr(reports, method_name)(bad_id)
    with pytest.raises(ValueError, match="currency_id"):
        await reports.unused_retainer_payments(CID, currency_id="USD")
    with pytest.raises(ValueError, match="per_page"):
        reports.credit_note_refunds(CID, per_page=500)
    assert http.requests == {}
