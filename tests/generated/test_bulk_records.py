"""``create_or_update`` lets ``run_bulk`` write any module's records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.generated.test_documented_examples import Recorder
from zbooks_async.bulk import run_bulk
from zbooks_async.bulk.records import creatable, create_or_update, record_id_field


def test_every_module_with_create_and_update_knows_its_record_id() -> None:
    assert record_id_field("invoices") == "invoice_id"
    assert record_id_field("items") == "item_id"
    assert {"invoices", "bills", "items", "customer_payments", "contacts"} <= set(creatable())


async def test_rows_with_an_id_update_and_the_rest_create() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "9"}})
    apply = create_or_update("invoices")
    await apply(session, {"customer_id": "1", "line_items": [{"item_id": "2", "quantity": 1}]})  # type: ignore[arg-type]
    await apply(session, {"invoice_id": "9", "notes": "paid by card"})  # type: ignore[arg-type]
    assert [sent["operation"].name for sent in session.sent] == ["invoices.create", "invoices.update"]
    assert session.sent[1]["path_params"] == {"invoice_id": "9"}
    assert session.sent[1]["body"].data == {"notes": "paid by card"}


async def test_a_bad_row_fails_alone_in_a_bulk_run_and_sends_nothing() -> None:
    session = Recorder({"code": 0, "message": "ok", "item": {"item_id": "5"}})
    rows: list[Any] = [
        {"name": "Desk", "rate": 100},
        {"name": "Chair", "colour": "red"},
        {"name": "Lamp", "rate": 20},
    ]
    run = run_bulk(session, rows, create_or_update("items"))  # type: ignore[arg-type]
    report = await run.complete()
    assert (report.succeeded, report.failed) == (2, 1)
    assert len(session.sent) == 2


def test_a_module_without_create_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="has no create"):
        create_or_update("registers")
