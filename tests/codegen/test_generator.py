"""The generator: deterministic, in step with the committed output, and strict about its overlay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen import plan as plan_module
from codegen.__main__ import main
from codegen.documents import OperationDoc
from codegen.outputs import expected_files
from codegen.plan import OverlayError, build_plan, derive_method_name
from codegen.types import Kind, KindReader, is_money


def test_the_same_inputs_give_byte_identical_output() -> None:
    assert expected_files() == expected_files()


def test_committed_output_matches_the_documents_and_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0, capsys.readouterr().err


def test_check_reports_a_hand_edit_and_an_orphan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = expected_files()
    edited = next(path for path in files if path.name == "invoices.py" and "api" in path.parts)
    original = edited.read_text("utf-8")
    orphan = edited.parent / "left_behind.py"
    try:
        edited.write_text(original + "# a hand edit\n", "utf-8")
        orphan.write_text("x = 1\n", "utf-8")
        assert main(["--check"]) == 1
    finally:
        edited.write_text(original, "utf-8")
        orphan.unlink()
    assert main(["--check"]) == 0


@pytest.mark.parametrize(
    ("operation_id", "nouns", "expected"),
    [
        ("create_invoice", ["invoices", "invoice"], ("create", False)),
        ("list_invoices", ["invoices", "invoice"], ("list", True)),
        ("list_invoice_payments", ["invoices", "invoice"], ("list_payments", False)),
        ("apply_credits_to_invoice", ["invoices", "invoice"], ("apply_credits", False)),
        ("update_custom_fields_in_bill", ["bills", "bill"], ("update_custom_fields", False)),
        ("list_exchange_rates", ["currencies", "currency"], ("list_exchange_rates", False)),
        ("get_invoice", [], ("get_invoice", False)),
    ],
)
def test_method_names_drop_the_module_noun(operation_id: str, nouns: list[str], expected: Any) -> None:
    assert derive_method_name(operation_id, nouns) == expected


def test_singular_and_plural_variants_get_many() -> None:
    names = {op.method_name for m in build_plan() if m.attribute == "invoices" for op in m.operations}
    assert {"approve", "approve_many", "mark_sent", "mark_sent_many"} <= names


@pytest.mark.parametrize(
    ("name", "schema", "code"),
    [
        ("total", {"type": "integer", "example": 40}, "money"),
        ("rate", {"type": "number"}, "money"),
        ("quantity", {"type": "integer", "example": 1}, "money"),  # real answers: quantities are numbers
        ("customer_id", {"type": "integer", "example": 460000000026049}, "id"),
        ("date", {"type": "string", "example": "2013-11-17"}, "date"),
        ("due_date", {"type": "string", "example": "17 Nov 2013"}, "str"),
        ("created_time", {"type": "string", "example": "2013-11-17T10:00:00+0530"}, "datetime"),
        ("is_org_email_id", {"type": "boolean", "example": True}, "bool"),
        ("is_pre_gst", {"type": "string", "example": False}, "bool"),
        ("total_formatted", {"type": "integer", "example": "$40.60"}, "str"),
        ("value", {"type": "object"}, "any"),
    ],
)
def test_field_kinds_follow_names_and_examples(name: str, schema: dict[str, Any], code: str) -> None:
    assert KindReader({}).kind(name, schema, "Owner").code == code


def test_nested_objects_become_models_named_after_their_owner() -> None:
    models: dict[str, Any] = {}
    items = {"type": "object", "properties": {"rate": {"type": "number"}}}
    kind = KindReader(models).kind("line_items", {"type": "array", "items": items}, "Invoice")
    assert kind == Kind("list", item=Kind("model", model="InvoiceLineItem"))
    assert models["InvoiceLineItem"].fields == {"rate": Kind("money")}


def test_money_is_never_an_id_or_a_count() -> None:
    assert not is_money("balance_id", {"type": "number"})
    assert not is_money("total_count", {"type": "integer"})


def _doc(operation_id: str) -> OperationDoc:
    return OperationDoc("things", operation_id, "GET", "/things", "ZohoBooks.things.READ", "", "")


def test_a_document_without_an_overlay_entry_is_refused() -> None:
    with pytest.raises(OverlayError, match="without an overlay entry"):
        build_plan({"things": [_doc("list_things")]})


def test_an_overlay_entry_for_an_unknown_operation_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = {
        "modules": {"things": {"attribute": "things", "nouns": ["things"]}},
        "operations": {"things": {"gone": {}}},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    with pytest.raises(OverlayError, match="lacks"):
        build_plan({"things": [_doc("list_things")]})


def test_two_operations_sharing_a_name_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = {"modules": {"things": {"attribute": "things", "nouns": ["thing"]}}}
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    with pytest.raises(OverlayError, match="share"):
        build_plan({"things": [_doc("get_thing"), _doc("thing_get")]})


@pytest.mark.parametrize(
    ("module", "entry", "refusal"),
    [
        ({}, {"fields": "pkg.mod:ThingFields"}, "unknown keys"),
        ({}, {"generate": True}, "unknown keys"),
        ({}, {"body_model": "thing"}, "unknown keys"),
        ({}, {"model": "pkg.mod:Thing"}, "not an import path"),
        ({}, {"query": {"owner_id": "date?"}}, "query owner_id"),
        ({}, {"body": {"note": "float"}}, "body note"),
        ({}, {"path_in_body": ["thing_id"]}, "path_in_body names ids"),
        ({}, {"empty_body": "none"}, "empty_body is one of"),
        ({}, {"required": ["subject"]}, "required names fields it lacks"),
    ],
)
def test_inconsistent_fields_entries_are_refused(
    monkeypatch: pytest.MonkeyPatch, module: dict[str, Any], entry: dict[str, Any], refusal: str
) -> None:
    overlay = {
        "modules": {"things": {"attribute": "things", "nouns": ["things"], **module}},
        "operations": {"things": {"list_things": entry}},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    with pytest.raises(OverlayError, match=refusal):
        build_plan({"things": [_doc("list_things")]})


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("purchaseorder", "purchase_order"),
        ("chartofaccount", "chart_of_account"),
        ("recurringbill", "recurring_bill"),
        ("invoice", "invoice"),
        ("line_item", "line_item"),
        ("bankrule", "bankrule"),  # "rule" is not a listed word: left alone
    ],
)
def test_glued_keys_are_split_only_into_listed_words(word: str, expected: str) -> None:
    words = frozenset({"purchase", "order", "chart", "of", "account", "recurring", "bill", "invoice", "bank"})
    assert plan_module.split_glued(word, words) == expected


def test_one_record_gets_one_model_whatever_its_key_is_spelled() -> None:
    models = {name for m in build_plan() if m.attribute == "recurring_bills" for name in m.models}
    assert "RecurringBill" in models
    assert "Recurringbill" not in models
