"""The naming rule (codegen/naming.py): names follow from the method and the path's shape.

The table test derives the expected name from each operation's method and path template on its
own, without the operationId or the generator's naming module, and lists every name that differs.
"""

from __future__ import annotations

import re

import pytest

from codegen import plan as plan_module
from codegen.documents import OperationDoc
from codegen.plan import OverlayError, build_plan
from zbooks_async.operations import Operation
from zbooks_async.registry import all_operations

HELD = {"contacts"}  # Contacts' names move to sub-resources in their own change


def _segments(path: str) -> list[str]:
    return [re.sub(r"\{[^}]+\}", "{}", s) for s in path.split("/") if s]


def _want(op: Operation, records: set[tuple[str, ...]]) -> str | None:
    """The name the rule gives ``op``, for the shapes it covers; None elsewhere."""
    parts = _segments(op.path)
    headers = {spec[1] for spec in op.inputs.values() if spec[0] == "header"}
    if op.method == "POST" and len(parts) >= 3 and parts[-2] == "status" and parts[-1] != "{}":
        if parts[-3] == "{}":
            return f"mark_{parts[-1]}"
        if "{}" not in parts:
            return f"mark_{parts[-1]}_many"
    if op.method == "PUT" and "{}" not in parts and "X-Unique-Identifier-Key" in headers:
        return "update_by_custom_field"
    if (
        op.method == "GET"
        and len(parts) >= 2
        and parts[-2] == "{}"
        and parts[-1].endswith("s")
        and tuple(parts) in records
    ):
        return f"list_{parts[-1]}"
    return None


def test_every_operation_keeps_the_naming_rule() -> None:
    by_module: dict[str, list[Operation]] = {}
    for op in all_operations():
        by_module.setdefault(op.module, []).append(op)
    wrong = []
    for module, ops in by_module.items():
        if module in HELD:
            continue
        # A literal with records under it (``/bills/{}/comments/{}``) is a collection.
        paths = [_segments(op.path) for op in ops]
        records = {tuple(p[:i]) for p in paths for i in range(1, len(p)) if p[i] == "{}"}
        for op in ops:
            method_name = op.name.split(".", 1)[1]
            words = method_name.split("_")
            if {"a", "an", "the"} & set(words) or "customfields" in words:
                wrong.append(f"{op.name} ({op.method} {op.path})")
                continue
            want = _want(op, records)
            # Zoho glues words in a segment (readytopush): compare the words glued.
            if want is not None and method_name.replace("_", "") != want.replace("_", ""):
                wrong.append(f"{op.name} ({op.method} {op.path}): should be {want}")
    assert not wrong, "names that break the rule:\n" + "\n".join(wrong)


def test_the_rule_covers_the_inconsistencies_it_was_made_for() -> None:
    names = {op.name for op in all_operations()}
    for name in (
        "invoices.mark_void_many",
        "sales_orders.mark_void",
        "sales_orders.update_custom_fields",
        "bills.list_comments",
        "bills.update_by_custom_field",
        "vendor_credits.apply_credits_to_bill",
        "recurring_invoices.mark_stop",
    ):
        assert name in names
    for name in ("invoices.void", "sales_orders.update_customfields", "bills.get_comments"):
        assert name not in names


def _things(method: str, path: str, operation_id: str) -> OperationDoc:
    return OperationDoc("things", operation_id, method, path, "ZohoBooks.things.CREATE", "", "")


def test_an_overlay_name_breaking_the_rule_needs_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = {
        "modules": {"things": {"attribute": "things", "nouns": ["things", "thing"]}},
        "operations": {"things": {"void_thing": {"name": "void"}}},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    doc = _things("POST", "/things/{thing_id}/status/void", "void_thing")
    with pytest.raises(OverlayError, match="breaks the naming rule"):
        build_plan({"things": [doc]})
    overlay["operations"]["things"]["void_thing"]["why"] = "a fact that makes void right here"
    (module,) = build_plan({"things": [doc]})
    assert [op.method_name for op in module.operations] == ["void"]


def test_a_derived_name_is_made_to_keep_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = {"modules": {"things": {"attribute": "things", "nouns": ["things", "thing"]}}}
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    docs = [
        _things("POST", "/things/{thing_id}/status/void", "void_thing"),
        _things("POST", "/things/status/void", "void_things"),
        _things("GET", "/things/{thing_id}/notes", "get_thing_notes"),
        _things("DELETE", "/things/{thing_id}/notes/{note_id}", "delete_thing_note"),
        _things("PUT", "/things/{thing_id}/customfields", "update_thing_customfields"),
        _things("POST", "/things/{thing_id}/others", "apply_thing_to_an_other"),
    ]
    (module,) = build_plan({"things": docs})
    assert sorted(op.method_name for op in module.operations) == [
        "apply_to_other",
        "delete_note",
        "list_notes",
        "mark_void",
        "mark_void_many",
        "update_custom_fields",
    ]
