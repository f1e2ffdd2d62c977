"""A user program with three mistakes mypy --strict must name (tests/generated/test_typed_inputs.py)."""

from zbooks_async import ZohoBooks


async def make(books: ZohoBooks) -> None:
    create = books.invoices.create
    await create(customer_id="1", line_items=[{"itme_id": "2"}])  # a misspelt key
    await create(customer_id="1", line_items=[{"item_id": "2", "quantity": "two"}])  # text for a quantity
    await create(customer_id="1", line_items=[{"item_id": "2", "rate": 12.5}])  # a float for money
