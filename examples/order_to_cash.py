"""Order to cash: a customer, an item, two invoices, the email, a payment, a credit note, and what is
still unpaid, with the customer's receivables after each step.

    python examples/order_to_cash.py

Runs against a throwaway sandbox on 127.0.0.1, so it needs no credentials. Against Zoho, open the
session with your own credentials instead (see ``nightly_sync.py``) and give ``order_to_cash`` a
real email address: it creates real records.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import attrs

from zbooks_async import ZohoBooks
from zbooks_async.sandbox import SandboxConfig, serve


@attrs.frozen
class Outcome:
    """What the run left behind: the ids it made and the invoices still owed."""

    customer_id: str
    item_id: str
    paid_invoice_id: str
    payment_id: str
    unpaid_invoice_ids: list[str]
    still_owed: Decimal
    receivables: list[Decimal]
    """The customer's outstanding receivables after each step: invoiced, paid, credited."""


async def receivables(books: ZohoBooks, customer_id: str) -> Decimal:
    """What the customer owes on its sent invoices, as its contact record states it."""
    contact = await books.contacts.get(customer_id)
    return Decimal(str(contact.outstanding_receivable_amount or 0))


async def order_to_cash(books: ZohoBooks, email: str = "accounts@bowman.example") -> Outcome:
    """Sell four chairs and two more, send both invoices, get paid for the first; report the rest."""
    customer = await books.contacts.create(contact_name="Bowman and Co", contact_type="customer")
    assert customer.contact_id is not None
    print(f"customer  {customer.contact_name} ({customer.contact_id})")

    item = await books.items.create(name="Oak dining chair", rate=Decimal("89.00"), sku="CHR-OAK-01")
    assert item.item_id is not None
    print(f"item      {item.name} at {item.rate}")

    invoices = []
    for quantity in (4, 2):
        # The sandbox, like Zoho, prices each line from the item: rate x quantity.
        invoice = await books.invoices.create(
            customer_id=customer.contact_id,
            line_items=[{"item_id": item.item_id, "quantity": quantity}],
        )
        assert invoice.invoice_id is not None
        await books.invoices.email(invoice.invoice_id, to_mail_ids=[email], subject="Your invoice")
        print(f"invoice   {invoice.invoice_number}: {quantity} chairs, total {invoice.total}, emailed")
        invoices.append(invoice)

    moved = [await receivables(books, customer.contact_id)]
    print(f"owed      {moved[-1]} in all")

    first = invoices[0]
    assert first.invoice_id is not None and first.total is not None
    amount = first.total
    payment = await books.customer_payments.create(
        customer_id=customer.contact_id,
        payment_mode="banktransfer",
        amount=amount,
        date=dt.date.today().isoformat(),
        invoices=[{"invoice_id": first.invoice_id, "amount_applied": amount}],
    )
    assert payment.payment_id is not None
    paid = await books.invoices.get(first.invoice_id)
    print(f"payment   {payment.amount} for {paid.invoice_number}: now {paid.status}, balance {paid.balance}")
    moved.append(await receivables(books, customer.contact_id))
    print(f"owed      {moved[-1]} in all")

    # A chair arrived scratched: a credit note of 28 goes against the second invoice.
    second = invoices[1]
    assert second.invoice_id is not None
    note = await books.credit_notes.create(
        customer_id=customer.contact_id,
        creditnote_number="CN-00001",
        date=dt.date.today().isoformat(),
        line_items=[{"name": "Scratched chair", "rate": Decimal(28)}],
    )
    assert note.creditnote_id is not None
    await books.credit_notes.invoices.apply(
        note.creditnote_id, invoices=[{"invoice_id": second.invoice_id, "amount_applied": Decimal(28)}]
    )
    credited = await books.invoices.get(second.invoice_id)
    print(f"credit    {note.creditnote_number} of 28 on {credited.invoice_number}: now {credited.status}")
    moved.append(await receivables(books, customer.contact_id))
    print(f"owed      {moved[-1]} in all")

    unpaid = [
        invoice async for invoice in books.invoices.list(customer_id=customer.contact_id, status="unpaid")
    ]
    owed = sum((invoice.balance or Decimal(0) for invoice in unpaid), Decimal(0))
    print(f"unpaid    {', '.join(str(i.invoice_number) for i in unpaid) or 'none'}: {owed} still owed")
    return Outcome(
        customer_id=customer.contact_id,
        item_id=item.item_id,
        paid_invoice_id=first.invoice_id,
        payment_id=payment.payment_id,
        unpaid_invoice_ids=[str(invoice.invoice_id) for invoice in unpaid],
        still_owed=owed,
        receivables=moved,
    )


async def main() -> None:
    """Serve a sandbox on a free loopback port and run the flow against it."""
    config = SandboxConfig().unlimited()
    runner = await serve("127.0.0.1", 0, config)
    host, port = runner.addresses[0][:2]
    try:
        async with ZohoBooks(
            organization_id=config.default_organization_id,
            access_token="sandbox",
            base_url=f"http://{host}:{port}/books/v3",
        ) as books:
            await order_to_cash(books)
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
