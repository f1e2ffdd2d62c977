"""``zbooks demo``: a short concurrent sync against the sandbox, through the real aiohttp transport,
then order to cash (customer, item, invoices, email, payment, unpaid invoices)."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ..client import ZohoBooks
from ..limits.base import Limiter, RateLimit
from ..limits.memory import InMemoryLimiter
from ..sandbox import SandboxConfig, get_sandbox, serve
from .progress import Progress

T = TypeVar("T")
# The sandbox enforces Zoho's rules on a scaled clock: 100 requests per 3 s instead of per minute.
DEMO_LIMIT = RateLimit(requests=100, period=3.0, concurrency=10)
WAIT_NOTICED = 0.005


def register(subcommands: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser = subcommands.add_parser("demo", help="run a short concurrent sync against the sandbox")
    parser.add_argument("--contacts", type=int, default=120, help="contacts to create, update and delete")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo and print its summary."""
    if args.contacts < 1:
        print("--contacts must be at least 1")
        return 2
    summary = asyncio.run(demo(args.contacts))
    print(summary.render())
    return 0 if summary.throttled == 0 else 1


@attrs.define
class DemoSummary:
    """What the demo did, for its closing lines."""

    created: int = 0
    listed: int = 0
    updated: int = 0
    deleted: int = 0
    requests: int = 0
    throttled: int = 0
    throttles_avoided: int = 0
    seconds: float = 0.0
    order_to_cash: list[str] = attrs.field(factory=list)

    def render(self) -> str:
        """The closing summary as text."""
        return "\n".join(
            [
                "",
                f"created {self.created}, listed {self.listed}, updated {self.updated}, "
                f"deleted {self.deleted} contacts",
                f"{self.requests} requests in {self.seconds:.1f} s; the sandbox allows "
                f"{DEMO_LIMIT.requests} per {DEMO_LIMIT.period:g} s and {DEMO_LIMIT.concurrency} in flight",
                f"throttles avoided: {self.throttles_avoided} calls were held back by the limiter "
                f"instead of being refused; 429 answers: {self.throttled}",
                *(["", "order to cash:"] if self.order_to_cash else []),
                *(f"  {line}" for line in self.order_to_cash),
            ]
        )


class CountingLimiter:
    """Wraps a limiter and counts the calls it made wait: throttles Zoho never had to send."""

    def __init__(self, inner: Limiter) -> None:
        self.inner = inner
        self.waited = 0

    @asynccontextmanager
    async def slot(self, organization_id: str, *, max_wait: float | None = None) -> AsyncIterator[None]:
        started = time.perf_counter()
        async with self.inner.slot(organization_id, max_wait=max_wait):
            if time.perf_counter() - started > WAIT_NOTICED:
                self.waited += 1
            yield

    async def throttled(self, organization_id: str, code: int | None, retry_after: float | None) -> None:
        await self.inner.throttled(organization_id, code, retry_after)

    async def close(self) -> None:
        await self.inner.close()


async def demo(count: int) -> DemoSummary:
    """Start the sandbox on a free loopback port and sync ``count`` contacts through it."""
    config = SandboxConfig(
        seed_contacts=200,
        requests_per_window=DEMO_LIMIT.requests,
        window_seconds=DEMO_LIMIT.period,
        max_in_flight=DEMO_LIMIT.concurrency,
        latency_seconds=0.01,
    )
    runner = await serve("127.0.0.1", 0, config)
    sandbox = get_sandbox(runner.app)
    host, port = runner.addresses[0][:2]
    limiter = CountingLimiter(InMemoryLimiter(DEMO_LIMIT))
    summary = DemoSummary()
    started = time.perf_counter()
    try:
        async with ZohoBooks(
            organization_id=config.default_organization_id,
            access_token="demo-token",
            base_url=f"http://{host}:{port}/books/v3",
            limiter=limiter,
        ) as books:
            names = [f"Demo Customer {n:04d}" for n in range(count)]
            created = await _step("create", names, lambda name: books.contacts.create(
                contact_name=name, contact_type="customer", notes="created by zbooks demo"
            ))
            summary.created = len(created)
            with Progress("list", total=None) as bar:
                async for _ in books.contacts.list(sort_column="contact_name"):
                    summary.listed += 1
                    bar.advance()
            ids = [contact.contact_id for contact in created if contact.contact_id]
            updated = await _step("update", ids, lambda cid: books.contacts.update(
                cid, notes="updated by zbooks demo"
            ))
            summary.updated = len(updated)
            deleted = await _step("delete", ids, books.contacts.delete)
            summary.deleted = len(deleted)
            summary.seconds = time.perf_counter() - started
            summary.requests = sandbox.stats.total_requests
            summary.order_to_cash = await order_to_cash(books)
    finally:
        if not summary.requests:  # the sync did not finish: report what it got through
            summary.seconds = time.perf_counter() - started
            summary.requests = sandbox.stats.total_requests
        summary.throttled = sum(sandbox.stats.throttled_by_code.values())
        summary.throttles_avoided = limiter.waited
        await runner.cleanup()
    return summary


async def order_to_cash(books: ZohoBooks) -> list[str]:
    """A customer buys chairs on two invoices, both emailed, pays the first and gets a credit note on
    the second; returns summary lines, with what the customer owes after each step.

    The full program, with comments, is ``examples/order_to_cash.py``.
    """
    customer = await books.contacts.create(contact_name="Order to Cash Ltd", contact_type="customer")
    item = await books.items.create(name="Oak dining chair", rate=Decimal("89.00"))
    assert customer.contact_id is not None and item.item_id is not None
    invoices = []
    for quantity in (4, 2):
        invoice = await books.invoices.create(
            customer_id=customer.contact_id, line_items=[{"item_id": item.item_id, "quantity": quantity}]
        )
        assert invoice.invoice_id is not None and invoice.total is not None
        await books.invoices.email(invoice.invoice_id, to_mail_ids=["accounts@example.com"])
        invoices.append(invoice)
    customer_id = customer.contact_id

    async def owes() -> str:
        contact = await books.contacts.get(customer_id)
        return f"the customer owes {contact.outstanding_receivable_amount}"

    invoiced = await owes()
    first, second = invoices
    assert first.invoice_id is not None and first.total is not None and second.invoice_id is not None
    amount = first.total
    await books.customer_payments.create(
        customer_id=customer.contact_id,
        payment_mode="banktransfer",
        amount=amount,
        date=date.today(),
        invoices=[{"invoice_id": first.invoice_id, "amount_applied": amount}],
    )
    paid = await books.invoices.get(first.invoice_id)
    after_payment = await owes()
    note = await books.credit_notes.create(
        customer_id=customer_id,
        creditnote_number="CN-00001",
        date=date.today(),
        line_items=[{"name": "Scratched chair", "rate": Decimal(28)}],
    )
    assert note.creditnote_id is not None
    await books.credit_notes.invoices.apply(
        note.creditnote_id, invoices=[{"invoice_id": second.invoice_id, "amount_applied": Decimal(28)}]
    )
    credited = await books.invoices.get(second.invoice_id)
    after_credit = await owes()
    unpaid = [i async for i in books.invoices.list(customer_id=customer.contact_id, status="unpaid")]
    owed = sum((invoice.balance or Decimal(0) for invoice in unpaid), Decimal(0))
    totals = ", ".join(f"{invoice.invoice_number} {invoice.total}" for invoice in invoices)
    return [
        f"{customer.contact_name} bought {item.name} at {item.rate}: {totals}, both emailed",
        invoiced,
        f"a payment of {amount} left {paid.invoice_number} {paid.status}; {after_payment}",
        f"a credit note of 28 left {credited.invoice_number} {credited.status}; {after_credit}",
        f"unpaid: {', '.join(str(invoice.invoice_number) for invoice in unpaid)} ({owed} owed)",
    ]


async def _step(label: str, items: Iterable[T], call: Callable[[T], Awaitable[Any]]) -> list[Any]:
    """Run ``call`` over ``items`` concurrently (the limiter paces them) with a progress bar."""
    todo = list(items)
    with Progress(label, total=len(todo)) as bar:

        async def one(item: T) -> Any:
            result = await call(item)
            bar.advance()
            return result

        return list(await asyncio.gather(*(one(item) for item in todo)))
