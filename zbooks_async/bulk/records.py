"""Bulk create-or-update for any module: one row (a dict of keyword fields) per record.

    rows = [{"customer_id": "460000000026049", "line_items": [...]}, {"invoice_id": "4600...", "notes": "x"}]
    report = await run_bulk(books, rows, records.create_or_update("invoices")).complete()

A row holding the record's id (``invoice_id`` for invoices: the id in the module's update
path) updates that record; any other row creates one. Rows are checked against the operation's
documented fields before anything is sent, so a bad row fails alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..registry import operations_by_name

if TYPE_CHECKING:
    from ..client import ZohoBooks

Row = Mapping[str, Any]


def record_id_field(module: str) -> str:
    """The id a row must hold to update a record of ``module`` (its update path's last placeholder)."""
    update = operations_by_name().get(f"{module}.update")
    if update is None or not update.path_params:
        raise ValueError(f"books.{module} has no update of one record by id")
    return update.path_params[-1]


def create_or_update(module: str) -> Callable[[ZohoBooks, Row], Awaitable[Any]]:
    """An item operation for ``run_bulk``: ``books.<module>.update`` for rows with an id, else ``create``."""
    names = operations_by_name()
    if f"{module}.create" not in names:
        raise ValueError(f"books.{module} has no create; modules with one: {', '.join(creatable())}")
    id_field = record_id_field(module) if f"{module}.update" in names else None

    async def apply(books: ZohoBooks, row: Row) -> Any:
        if not isinstance(row, Mapping):
            raise TypeError(f"a {module} row must be an object of fields, got {type(row).__name__}")
        resource = getattr(books, module)
        fields = dict(row)
        record_id = fields.pop(id_field, None) if id_field else None
        if record_id is not None:
            return await resource.update(record_id, **fields)
        return await resource.create(**fields)

    return apply


def creatable() -> list[str]:
    """Modules with a ``create`` of their own (what ``create_or_update`` accepts)."""
    names = operations_by_name()
    return sorted({name.split(".")[0] for name in names if name.count(".") == 1 and name.endswith(".create")})
