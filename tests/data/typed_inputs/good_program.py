"""A user program written as the README shows: mypy --strict passes it with no casts."""

from decimal import Decimal

from zbooks_async import ZohoBooks


async def make(books: ZohoBooks) -> str:
    invoice = await books.invoices.create(
        customer_id="460000000017138",
        date="2026-03-03",
        discount="10%",
        line_items=[{"item_id": "460000000017088", "quantity": 2, "rate": Decimal("12.50")}],
        custom_fields=[{"api_name": "cf_po", "value": "PO-7"}],
    )
    updated = await books.invoices.update(invoice.invoice_id, invoice, notes="Thanks")
    return updated.invoice_id
