"""Generated functions check their keywords as the documents describe them, before sending."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from tests.generated.test_documented_examples import Recorder
from zbooks_async._generated.models.invoices import Invoice
from zbooks_async.pipeline.values import MultipartBody


async def test_a_query_value_outside_the_documented_list_is_refused_before_sending() -> None:
    session = Recorder({"invoices": [], "page_context": {"has_more_page": False}})
    with pytest.raises(TypeError, match="sort_column must be one of"):
        session.invoices.list(sort_column="colour")  # type: ignore[typeddict-item]
    assert [item async for item in session.invoices.list(sort_column="due_date")] == []
    assert session.sent[0]["query"]["sort_column"] == "due_date"


async def test_email_addresses_are_not_taken_for_ids() -> None:
    session = Recorder({"code": 0, "message": "sent"})
    await session.invoices.email("1", to_mail_ids=["ap@example.com"])
    assert session.sent[0]["body"].data == {"to_mail_ids": ["ap@example.com"]}


async def test_a_create_without_a_field_the_document_requires_is_refused_before_sending() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    with pytest.raises(TypeError, match=r"invoices\.create needs customer_id, line_items"):
        await session.invoices.create(notes="no customer")  # type: ignore[call-arg]
    assert session.sent == []


def test_a_records_own_id_is_typed_as_always_there() -> None:
    field = attrs.fields_dict(Invoice)["invoice_id"]
    assert field.default is attrs.NOTHING
    assert field.type in ("str", str)


async def test_an_unknown_keyword_is_named_with_close_matches_and_a_short_message() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    with pytest.raises(TypeError) as caught:
        await session.invoices.create(customer_id="1", line_items=[], custmer_notes="x")  # type: ignore[call-arg]
    message = str(caught.value)
    assert "'custmer_notes'" in message and "did you mean" in message
    assert len(message) < 200  # a report of 100,000 such rows stays small
    assert session.sent == []


async def test_a_documented_file_goes_out_as_a_multipart_part_named_as_documented(tmp_path: Path) -> None:
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 receipt")
    session = Recorder({"code": 0, "message": "attached"})
    await session.bills.add_attachment("1", attachment=receipt)
    body = session.sent[0]["body"]
    assert isinstance(body, MultipartBody)
    assert [(part.name, part.filename, part.content) for part in body.files] == [
        ("attachment", "receipt.pdf", receipt)
    ]
    with pytest.raises(ValueError, match="no such file"):
        await session.bills.add_attachment("1", attachment=tmp_path / "missing.pdf")
    assert len(session.sent) == 1
