"""Order to cash through the real aiohttp transport against the sandbox on 127.0.0.1: the program in
examples/order_to_cash.py, and what each step leaves in the sandbox."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from zbooks_async.cli.demo import demo
from zbooks_async.errors import NotFoundError, ValidationError

from .sandbox_session import live_sandbox

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "order_to_cash.py"


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_order_to_cash", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def test_the_example_runs_order_to_cash_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    async with live_sandbox() as live:
        outcome = await example().order_to_cash(live.books)
        invoices = live.org.records("/invoices")
        paid = invoices[outcome.paid_invoice_id]
        assert (paid["status"], paid["total"], paid["balance"]) == ("paid", 356, 0)
        (unpaid_id,) = outcome.unpaid_invoice_ids
        # 4 and 2 chairs at 89: 356 + 178 owed, then 178 once the first is paid, then 150 after 28 credited.
        assert (invoices[unpaid_id]["status"], invoices[unpaid_id]["balance"]) == ("partially_paid", 150)
        assert outcome.still_owed == Decimal(150)
        assert outcome.receivables == [Decimal(534), Decimal(178), Decimal(150)]
        assert paid["line_items"][0]["name"] == "Oak dining chair"  # priced and named from the item
        assert paid["customer_name"] == "Bowman and Co"
        sent = [(r.method, r.path) for r in live.requests]
        assert ("POST", f"/books/v3/invoices/{outcome.paid_invoice_id}/email") in sent
        assert sent[-1] == ("GET", "/books/v3/invoices")
        assert live.last.query["status"] == "unpaid"
        assert live.last.query["customer_id"] == outcome.customer_id
    printed = capsys.readouterr().out
    assert "unpaid    INV-000002: 150 still owed" in printed
    assert "owed      534 in all" in printed and "owed      178 in all" in printed


async def test_a_payment_is_listed_under_its_invoice_and_undone_by_its_deletion() -> None:
    async with live_sandbox() as live:
        books = live.books
        customer = await live.contact()
        lines = [{"name": "Work", "rate": 100}]
        invoice = await books.invoices.create(customer_id=customer.contact_id, line_items=lines)
        assert invoice.invoice_id is not None
        payment = await books.customer_payments.create(
            customer_id=customer.contact_id,
            amount=Decimal("60.50"),
            payment_mode="cash",
            date="2026-11-30",
            invoices=[{"invoice_id": invoice.invoice_id, "amount_applied": Decimal("60.50")}],
        )
        assert payment.payment_id is not None
        partly = await books.invoices.get(invoice.invoice_id)
        assert (partly.status, partly.balance) == ("partially_paid", Decimal("39.5"))
        (row,) = await books.invoices.payments.list(invoice.invoice_id)
        assert (row.payment_id, row.amount) == (payment.payment_id, Decimal("60.5"))

        await books.customer_payments.delete(payment.payment_id)
        restored = await books.invoices.get(invoice.invoice_id)
        assert (restored.status, restored.balance) == ("sent", Decimal(100))
        assert await books.invoices.payments.list(invoice.invoice_id) == []


async def test_a_payment_for_more_than_the_balance_or_a_missing_invoice_is_refused() -> None:
    async with live_sandbox() as live:
        books = live.books
        customer = await live.contact()
        customer_id = customer.contact_id
        assert customer_id is not None
        lines = [{"name": "Work", "rate": 10}]
        invoice = await books.invoices.create(customer_id=customer_id, line_items=lines)
        assert invoice.invoice_id is not None
        too_much = [{"invoice_id": invoice.invoice_id, "amount_applied": 20}]
        with pytest.raises(ValidationError):
            await books.customer_payments.create(
                customer_id=customer_id, amount=20, date="2026-11-30", payment_mode="cash", invoices=too_much
            )
        with pytest.raises(NotFoundError):
            await books.customer_payments.create(
                customer_id=customer_id,
                amount=5,
                date="2026-11-30",
                payment_mode="cash",
                invoices=[{"invoice_id": "460000000000001", "amount_applied": 5}],
            )
        assert live.org.records("/customerpayments") == {}
        assert live.org.records("/invoices")[invoice.invoice_id]["balance"] == 10


async def test_zbooks_demo_ends_with_order_to_cash() -> None:
    summary = await demo(3)
    assert summary.order_to_cash[1:] == [
        "the customer owes 534",
        "a payment of 356 left INV-000001 paid; the customer owes 178",
        "a credit note of 28 left INV-000002 partially_paid; the customer owes 150",
        "unpaid: INV-000002 (150 owed)",
    ]
    assert "order to cash:\n  Order to Cash Ltd bought Oak dining chair" in summary.render()
    assert summary.requests == 3 * 3 + 2  # the sync's own count, as before
