"""Properties of the sandbox's books: random sequences of order-to-cash and procure-to-pay calls
through the SDK (in process) hold the ledger's invariants after every step.

- the contact's receivables (outstanding less unused credits) equal the balances of its open
  invoices less its unapplied credits (credit note balances and unused payments), and the same
  for payables with bills and vendor payments;
- no balance is negative or above its document's total; no payment's unused part either;
- each status agrees with its balance (paid at 0, partially paid between, unpaid at the total);
- every list stays readable by the SDK.

Calls the sandbox refuses (a 4xx) are part of the sequences: a refusal must change nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integration.sandbox_session import in_process_books
from tests.sandbox.references import contact
from zbooks_async import ZohoBooks
from zbooks_async.errors import ApiError
from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox

ORG = "10234695"
CUSTOMER = "460000000000901"
VENDOR = "460000000000902"
TODAY = "2026-01-05"
NOON = 1_767_594_600.0  # 2026-01-05 12:00 in the sandbox organization's +0530
MAX_EXAMPLES = 40
APP = create_app(SandboxConfig(wall_clock=lambda: NOON).unlimited())
CLOSED = ("draft", "void")
CLOSED = ("draft", "void")
RAN: list[int] = []
"""Steps of every sequence run, for the count the test reports."""

amounts = st.integers(min_value=1, max_value=50_000).map(lambda cents: Decimal(cents) / 100)
fractions = st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal("1.5")])
picks = st.integers(min_value=0, max_value=7)
steps = st.one_of(
    st.tuples(st.just("invoice"), amounts, st.integers(min_value=1, max_value=4), st.booleans()),
    st.tuples(st.just("send"), picks),
    st.tuples(st.just("pay"), picks, fractions, st.booleans()),
    st.tuples(st.just("credit"), amounts),
    st.tuples(st.just("apply"), picks, picks, fractions),
    st.tuples(st.just("refund"), picks, fractions),
    st.tuples(st.just("delete_payment"), picks),
    st.tuples(st.just("void"), picks),
    st.tuples(st.just("write_off"), picks),
    st.tuples(st.just("bill"), amounts),
    st.tuples(st.just("pay_bill"), picks, fractions),
    st.tuples(st.just("delete_vendor_payment"), picks),
)


def pick(ids: list[str], index: int) -> str | None:
    return ids[index % len(ids)] if ids else None


class Run:
    """One sequence: the ids made so far, and the steps."""

    def __init__(self, books: ZohoBooks) -> None:
        self.books = books
        self.invoices: list[str] = []
        self.notes: list[str] = []
        self.payments: list[str] = []
        self.bills: list[str] = []
        self.vendor_payments: list[str] = []

    async def balance(self, invoice_id: str) -> Decimal:
        return (await self.books.invoices.get(invoice_id)).balance or Decimal(0)

    async def step(self, kind: str, *args: Any) -> None:
        books = self.books
        if kind == "invoice":
            rate, quantity, sent = args
            made = await books.invoices.create(
                customer_id=CUSTOMER, date=TODAY, due_date=TODAY,
                line_items=[{"name": "Work", "rate": rate, "quantity": quantity}],
            )
            assert made.invoice_id is not None
            self.invoices.append(made.invoice_id)
            if sent:
                await books.invoices.mark_sent(made.invoice_id)
        elif kind == "send" and (invoice_id := pick(self.invoices, args[0])):
            await books.invoices.mark_sent(invoice_id)
        elif kind == "pay" and (invoice_id := pick(self.invoices, args[0])):
            applied = ((await self.balance(invoice_id)) * args[1]).quantize(Decimal("0.01"))
            extra = Decimal(5) if args[2] else Decimal(0)
            payment = await books.customer_payments.create(
                customer_id=CUSTOMER, amount=applied + extra, payment_mode="cash", date=TODAY,
                invoices=[{"invoice_id": invoice_id, "amount_applied": applied}],
            )
            assert payment.payment_id is not None
            self.payments.append(payment.payment_id)
        elif kind == "credit":
            note = await books.credit_notes.create(
                customer_id=CUSTOMER, creditnote_number=f"CN-{len(self.notes) + 1}", date=TODAY,
                line_items=[{"name": "Return", "rate": args[0]}],
            )
            assert note.creditnote_id is not None
            self.notes.append(note.creditnote_id)
        elif kind == "apply" and (note_id := pick(self.notes, args[0])):
            invoice_id = pick(self.invoices, args[1])
            if invoice_id is not None:
                note_balance = (await books.credit_notes.get(note_id)).balance or Decimal(0)
                most = min(note_balance, await self.balance(invoice_id))
                applied = (most * args[2]).quantize(Decimal("0.01"))
                await books.credit_notes.invoices.apply(
                    note_id, invoices=[{"invoice_id": invoice_id, "amount_applied": applied}]
                )
        elif kind == "refund" and (note_id := pick(self.notes, args[0])):
            note_balance = (await books.credit_notes.get(note_id)).balance or Decimal(0)
            refund = (note_balance * args[1]).quantize(Decimal("0.01"))
            await books.credit_notes.refunds.create(note_id, amount=refund, date=TODAY, refund_mode="cash")
        elif kind == "delete_payment" and (payment_id := pick(self.payments, args[0])):
            await books.customer_payments.delete(payment_id)
            self.payments.remove(payment_id)
        elif kind == "void" and (invoice_id := pick(self.invoices, args[0])):
            await books.invoices.mark_void(invoice_id)
        elif kind == "write_off" and (invoice_id := pick(self.invoices, args[0])):
            await books.invoices.write_off(invoice_id)
        elif kind == "bill":
            bill = await books.bills.create(
                vendor_id=VENDOR, bill_number=f"B-{len(self.bills) + 1}", date=TODAY, due_date=TODAY,
                line_items=[{"name": "Planks", "rate": args[0]}],
            )
            assert bill.bill_id is not None
            self.bills.append(bill.bill_id)
        elif kind == "pay_bill" and (bill_id := pick(self.bills, args[0])):
            owed = (await books.bills.get(bill_id)).balance or Decimal(0)
            applied = (owed * args[1]).quantize(Decimal("0.01"))
            payment = await books.vendor_payments.create(
                vendor_id=VENDOR, amount=applied, date=TODAY,
                bills=[{"bill_id": bill_id, "amount_applied": applied}],
            )
            assert payment.payment_id is not None
            self.vendor_payments.append(payment.payment_id)
        elif kind == "delete_vendor_payment" and (payment_id := pick(self.vendor_payments, args[0])):
            await books.vendor_payments.delete(payment_id)
            self.vendor_payments.remove(payment_id)

    async def check(self) -> None:
        books = self.books
        invoices = [invoice async for invoice in books.invoices.list(customer_id=CUSTOMER)]
        payments = [payment async for payment in books.customer_payments.list(customer_id=CUSTOMER)]
        notes = [await books.credit_notes.get(note_id) for note_id in self.notes]
        bills = [bill async for bill in books.bills.list(vendor_id=VENDOR)]
        vendor_payments = [payment async for payment in books.vendor_payments.list(vendor_id=VENDOR)]
        customer = await books.contacts.get(CUSTOMER)
        vendor = await books.contacts.get(VENDOR)

        for document in [*invoices, *bills, *notes]:
            total, balance = document.total or Decimal(0), document.balance
            assert balance is not None and 0 <= balance <= total, document
        for invoice in [*invoices, *bills]:
            total, balance = invoice.total or Decimal(0), invoice.balance or Decimal(0)
            assert status_agrees(invoice.status, total, balance), invoice
        for note in notes:
            assert note.status == ("open" if note.balance else "closed"), note

        unused_payments = sum((unused(p) for p in payments), Decimal(0))
        for payment in payments:
            assert 0 <= unused(payment) <= (payment.amount or 0), payment
        owed = sum((i.balance or Decimal(0) for i in invoices if i.status not in CLOSED), Decimal(0))
        credits = sum((n.balance or Decimal(0) for n in notes), Decimal(0)) + unused_payments
        outstanding = Decimal(str(customer.outstanding_receivable_amount))
        unapplied = Decimal(str(customer.unused_credits_receivable_amount))
        assert outstanding - unapplied == owed - credits
        assert (outstanding, unapplied) == (owed, credits)

        owed_bills = sum((b.balance or Decimal(0) for b in bills if b.status not in CLOSED), Decimal(0))
        unused_vendor = sum((Decimal(str(p.balance or 0)) for p in vendor_payments), Decimal(0))
        assert Decimal(str(vendor.outstanding_payable_amount)) == owed_bills
        assert Decimal(str(vendor.extra.get("unused_credits_payable_amount", 0))) == unused_vendor


def unused(payment: Any) -> Decimal:
    value = payment.unused_amount if hasattr(payment, "unused_amount") else payment.extra["unused_amount"]
    return Decimal(str(value or 0))


def status_agrees(status: str | None, total: Decimal, balance: Decimal) -> bool:
    if status == "void":
        return True
    if balance == 0 and total > 0:
        return status == "paid"
    if balance < total:
        return status == "partially_paid"
    return status in ("draft", "sent", "open", "overdue")


async def run_sequence(sequence: list[tuple[Any, ...]]) -> None:
    sandbox = get_sandbox(APP)
    sandbox.reset()
    org = sandbox.organization(ORG)
    contact(org, CUSTOMER)
    contact(org, VENDOR, "vendor")
    async with in_process_books(APP) as books:
        run = Run(books)
        for step in sequence:
            try:
                await run.step(*step)
            except ApiError as error:
                status = error.http_status
                assert status is not None and 400 <= status < 500, error  # refused: a 4xx, never a 500
            await run.check()
    RAN.append(len(sequence))


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.Runner]:
    """One event loop for every example: the sandbox app stays bound to the loop it first ran on."""
    with asyncio.Runner() as runner:
        yield runner


@settings(derandomize=True, database=None, max_examples=MAX_EXAMPLES, deadline=None)
@given(sequence=st.lists(steps, min_size=1, max_size=10))
def test_random_sequences_keep_the_books_balanced(
    loop: asyncio.Runner, sequence: list[tuple[Any, ...]]
) -> None:
    loop.run(run_sequence(sequence))


def test_the_sequences_ran() -> None:
    """Reports how many sequences (and steps) the property above ran."""
    if RAN:  # run alone, this test has nothing to report
        print(f"ledger sequences: {len(RAN)}, steps: {sum(RAN)}")
        assert len(RAN) >= MAX_EXAMPLES // 2
