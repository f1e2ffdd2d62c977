"""The sandbox answers in the shapes real Zoho answers have (tests/data/real/): amounts as numbers
with their ``*_formatted`` twins, values stored in the kinds the models declare."""

from __future__ import annotations

from decimal import Decimal

from zbooks_async.sandbox import Sandbox, SandboxConfig
from zbooks_async.testing import books_for


async def test_amounts_come_with_their_formatted_twins_in_reads_and_lists() -> None:
    async with books_for(Sandbox(SandboxConfig(seed=7))) as books:  # strict reads
        customer = await books.contacts.create(contact_name="Twins Ltd")
        line = {"name": "Desk", "rate": Decimal("1250.5"), "quantity": 2}
        made = await books.invoices.create(customer_id=customer.contact_id, line_items=[line])
        assert made.invoice_id is not None
        read = await books.invoices.get(made.invoice_id)
        (listed,) = (await books.invoices.list().page(1)).items
    for invoice in (made, read, listed):
        assert invoice.total == Decimal("2501")
        assert invoice.extra["total_formatted"] == "$2,501.00"


async def test_numeric_text_sent_for_a_number_is_stored_as_the_number() -> None:
    async with books_for(Sandbox(SandboxConfig(seed=7))) as books:
        item = await books.items.create(name="Chair", rate="45.50")
    assert item.rate == Decimal("45.50") and "rate" not in item.extra  # a number, not kept text
