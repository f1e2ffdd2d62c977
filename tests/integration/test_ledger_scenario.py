"""Order to cash and procure to pay through the SDK over loopback HTTP (the real aiohttp transport
against the sandbox on 127.0.0.1): estimate -> invoice -> partial payment -> full payment, a credit
note applied, a bill paid by a vendor payment; balances and statuses checked after each step.
Expected figures are worked out by hand from the lines sent, not read back from the sandbox."""

from __future__ import annotations

from decimal import Decimal

from zbooks_async import ZohoBooks

from .sandbox_session import live_sandbox

TODAY = "2026-01-05"
NOON = 1_767_594_600.0  # 2026-01-05 12:00 in the sandbox organization's +0530


async def receivables(books: ZohoBooks, contact_id: str) -> tuple[Decimal, Decimal]:
    contact = await books.contacts.get(contact_id)
    return (
        Decimal(str(contact.outstanding_receivable_amount)),
        Decimal(str(contact.unused_credits_receivable_amount)),
    )


async def invoice_state(books: ZohoBooks, invoice_id: str) -> tuple[str | None, Decimal | None]:
    invoice = await books.invoices.get(invoice_id)
    return invoice.status, invoice.balance


async def test_order_to_cash_moves_balances_and_statuses_step_by_step() -> None:
    async with live_sandbox(wall_clock=lambda: NOON) as live:
        books = live.books
        customer = await live.contact("Bowman and Co", contact_type="customer")
        customer_id = customer.contact_id
        assert customer_id is not None
        # 3 x 100 less 30 = 270, plus 10% tax = 297; 1 x 50 = 50, no tax: total 347.
        lines = [
            {"name": "Chair", "rate": 100, "quantity": 3, "discount": 30, "tax_percentage": 10},
            {"name": "Delivery", "rate": 50},
        ]
        estimate = await books.estimates.create(customer_id=customer_id, line_items=lines, date=TODAY)
        assert estimate.estimate_id is not None and estimate.total == Decimal(347)

        await books.invoices.create_from_estimates(estimate_ids=estimate.estimate_id)
        (made,) = [invoice async for invoice in books.invoices.list(customer_id=customer_id)]
        assert made.invoice_id is not None and made.total == Decimal(347)
        invoice_id = made.invoice_id
        assert await invoice_state(books, invoice_id) == ("draft", Decimal(347))
        assert live.org.records("/estimates")[estimate.estimate_id]["status"] == "invoiced"
        assert await receivables(books, customer_id) == (0, 0)  # a draft is not owed yet

        await books.invoices.mark_sent(invoice_id)
        assert await invoice_state(books, invoice_id) == ("sent", Decimal(347))
        assert await receivables(books, customer_id) == (347, 0)

        first = await books.customer_payments.create(
            customer_id=customer_id, amount=Decimal(100), payment_mode="cash", date=TODAY,
            invoices=[{"invoice_id": invoice_id, "amount_applied": Decimal(100)}],
        )
        assert await invoice_state(books, invoice_id) == ("partially_paid", Decimal(247))
        assert await receivables(books, customer_id) == (247, 0)

        # A credit note of 47 applied to the invoice: the invoice owes 200, the note is used up.
        note = await books.credit_notes.create(
            customer_id=customer_id, creditnote_number="CN-1", date=TODAY,
            line_items=[{"name": "Scratched chair", "rate": 47}],
        )
        assert note.creditnote_id is not None
        assert await receivables(books, customer_id) == (247, 47)
        await books.credit_notes.invoices.apply(
            note.creditnote_id, invoices=[{"invoice_id": invoice_id, "amount_applied": Decimal(47)}]
        )
        assert await invoice_state(books, invoice_id) == ("partially_paid", Decimal(200))
        applied = await books.credit_notes.get(note.creditnote_id)
        assert (applied.status, applied.balance) == ("closed", Decimal(0))
        assert await receivables(books, customer_id) == (200, 0)

        # Paying 250 for the last 200 leaves 50 unused on the payment.
        second = await books.customer_payments.create(
            customer_id=customer_id, amount=Decimal(250), payment_mode="cash", date=TODAY,
            invoices=[{"invoice_id": invoice_id, "amount_applied": Decimal(200)}],
        )
        assert await invoice_state(books, invoice_id) == ("paid", Decimal(0))
        assert await receivables(books, customer_id) == (0, 50)
        rows = await books.invoices.payments.list(invoice_id)
        assert sorted(row.amount or 0 for row in rows) == [100, 200]

        # Deleting the first payment undoes it.
        assert first.payment_id is not None and second.payment_id is not None
        await books.customer_payments.delete(first.payment_id)
        assert await invoice_state(books, invoice_id) == ("partially_paid", Decimal(100))
        assert await receivables(books, customer_id) == (100, 50)


async def test_procure_to_pay_moves_the_bill_and_the_vendor_balance() -> None:
    async with live_sandbox(wall_clock=lambda: NOON) as live:
        books = live.books
        vendor = await live.contact("Oak Mill Ltd", contact_type="vendor")
        vendor_id = vendor.contact_id
        assert vendor_id is not None
        bill = await books.bills.create(
            vendor_id=vendor_id, bill_number="B-1", date=TODAY, due_date="2026-02-04",
            line_items=[{"name": "Oak planks", "rate": Decimal("12.50"), "quantity": 40}],
        )
        assert bill.bill_id is not None and (bill.status, bill.total, bill.balance) == ("open", 500, 500)
        assert live.stored_contact(vendor_id)["outstanding_payable_amount"] == 500

        payment = await books.vendor_payments.create(
            vendor_id=vendor_id, amount=Decimal(300), date=TODAY,
            bills=[{"bill_id": bill.bill_id, "amount_applied": Decimal(300)}],
        )
        partly = await books.bills.get(bill.bill_id)
        assert (partly.status, partly.balance) == ("partially_paid", Decimal(200))
        assert live.stored_contact(vendor_id)["outstanding_payable_amount"] == 200
        (row,) = await books.bills.payments.list(bill.bill_id)
        assert row.amount == Decimal(300)

        credit = await books.vendor_credits.create(
            vendor_id=vendor_id, date=TODAY, line_items=[{"name": "Returned planks", "rate": 200}]
        )
        (credit_id,) = live.org.records("/vendorcredits")
        assert credit.vendor_credit_id == credit_id
        assert live.stored_contact(vendor_id)["unused_credits_payable_amount"] == 200
        await books.vendor_credits.bills.apply(
            credit_id, bills=[{"bill_id": bill.bill_id, "amount_applied": Decimal(200)}]
        )
        paid = await books.bills.get(bill.bill_id)
        assert (paid.status, paid.balance) == ("paid", Decimal(0))
        stored = live.stored_contact(vendor_id)
        assert (stored["outstanding_payable_amount"], stored["unused_credits_payable_amount"]) == (0, 0)
        assert payment.payment_id is not None
        await books.vendor_payments.delete(payment.payment_id)
        reopened = await books.bills.get(bill.bill_id)
        assert (reopened.status, reopened.balance) == ("partially_paid", Decimal(300))
        assert live.stored_contact(vendor_id)["outstanding_payable_amount"] == 300
