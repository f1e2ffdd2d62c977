"""The naming rule (codegen/naming.py): names follow from the method and the path's shape.

The table test derives the expected name from each operation's method and path template on its
own, without the operationId or the generator's naming module, and lists every name that differs.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from codegen import plan as plan_module
from codegen.documents import OperationDoc
from codegen.plan import OverlayError, build_plan, load_overlay
from zbooks_async import ZohoBooks
from zbooks_async.operations import Operation
from zbooks_async.registry import all_operations

TOPICS = {  # sub-resources the overlay declares (topics:) for paths under no collection
    (module.replace("-", "_"), group)
    for module, groups in load_overlay()["topics"].items()
    for group in groups
}
EXPLAINED = {  # named in the overlay with a reason (why:), checked by the generator
    "credit_notes.invoices.apply",
    "credit_notes.invoices.delete_credit",
    "invoices.price_books.apply",
    "retainer_invoices.invoices.apply",
    "retainer_invoices.invoices.delete_credit",
    "vendor_credits.bills.apply",
    "vendor_credits.bills.delete_credit",
    "contacts.persons.get_for_contact",
}


def _segments(path: str) -> list[str]:
    return [re.sub(r"\{[^}]+\}", "{}", s) for s in path.split("/") if s]


def _sub_collection(parts: list[str], records: set[tuple[str, ...]]) -> int | None:
    """The index of the segment of a collection under one of the module's records, if any."""
    for i in range(2, len(parts)):
        if parts[i - 1] == "{}" and parts[i] not in ("{}", "status"):
            # a plural segment lists the collection its singular holds (cards / card/{card_id})
            if {tuple(parts[: i + 1]), (*parts[:i], parts[i].removesuffix("s"))} & records:
                return i
    return None


def _want(op: Operation, records: set[tuple[str, ...]]) -> str | None:
    """The name the rule gives ``op``, for the shapes it covers; None elsewhere. A name ending
    in ``.`` fixes only the sub-resource."""
    parts = _segments(op.path)
    raw = [s for s in op.path.split("/") if s]
    headers = {spec[1] for spec in op.inputs.values() if spec[0] == "header"}
    at = _sub_collection(parts, records)
    if at is not None:
        group, tail = raw[at], parts[at + 1 :]
        inner = {
            ((), "GET"): "list",
            ((), "POST"): "create",
            (("{}",), "GET"): "get",
            (("{}",), "PUT"): "update",
            (("{}",), "DELETE"): "delete",
        }.get((tuple(tail), op.method))
        if op.method == "POST" and len(tail) == 2 and tail[0] == "{}" and tail[1] in ("active", "inactive"):
            inner = f"mark_{tail[1]}"
        return f"{group}.{inner or ''}"
    if op.method == "POST" and len(parts) >= 2 and parts[-1] in ("active", "inactive"):
        if parts[-2] == "{}" and parts.count("{}") == 1:
            return f"mark_{parts[-1]}"
        if "{}" not in parts:
            return f"mark_{parts[-1]}_many"
    if op.method == "POST" and len(parts) >= 3 and parts[-2] == "status" and parts[-1] != "{}":
        if parts[-3] == "{}":
            return f"mark_{parts[-1]}"
        if "{}" not in parts:
            return f"mark_{parts[-1]}_many"
    if op.method == "PUT" and "{}" not in parts and "X-Unique-Identifier-Key" in headers:
        return "update_by_custom_field"
    return None


def _glued(name: str) -> str:
    """A name's words glued and singular, as Zoho writes a segment (``bank_accounts`` ->
    ``bankaccount``)."""
    glued = name.replace("_", "")
    for end, single in (("ies", "y"), ("ses", "s"), ("s", "")):
        if glued.endswith(end) and not glued.endswith(("ss", "us", "ed")):
            return glued[: -len(end)] + single
    return glued


def _keeps(name: str, want: str) -> bool:
    if "." in want:
        group, _, inner = want.partition(".")
        have_group, _, have_inner = name.partition(".")
        # a group drops the module's own noun (contactpersons in contacts is persons)
        return _glued(group).endswith(_glued(have_group)) and (not inner or have_inner == inner)
    return name.replace("_", "") == want.replace("_", "")


def test_every_operation_keeps_the_naming_rule() -> None:
    by_module: dict[str, list[Operation]] = {}
    for op in all_operations():
        by_module.setdefault(op.module, []).append(op)
    wrong = []
    for module, ops in by_module.items():
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
            if want is None and "." in method_name and (module, method_name.split(".")[0]) not in TOPICS:
                wrong.append(f"{op.name} ({op.method} {op.path}): in a sub-resource its path is under none")
            # Zoho glues words in a segment (readytopush): compare the words glued.
            if want is not None and not _keeps(method_name, want) and op.name not in EXPLAINED:
                wrong.append(f"{op.name} ({op.method} {op.path}): should be {want}")
    assert not wrong, "names that break the rule:\n" + "\n".join(wrong)


def test_the_rule_covers_the_inconsistencies_it_was_made_for() -> None:
    names = {op.name for op in all_operations()}
    for name in (
        "invoices.mark_void_many",
        "sales_orders.mark_void",
        "sales_orders.update_custom_fields",
        "bills.comments.list",
        "vendor_credits.comments.list",
        "bills.update_by_custom_field",
        "vendor_credits.bills.apply",
        "recurring_invoices.mark_stop",
        "reporting_tags.mark_active",
        "chart_of_accounts.mark_active_many",
        "invoices.comments.create",
        "estimates.comments.create",
    ):
        assert name in names
    for name in (
        "invoices.void",
        "sales_orders.update_customfields",
        "bills.get_comments",
        "reporting_tags.active",
        "estimates.create_comment",
        "invoices.add_comment",
    ):
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
        "mark_void",
        "mark_void_many",
        "notes.delete",
        "notes.list",
        "update_custom_fields",
    ]


def test_sub_resources_follow_path_nesting_and_are_built_on_first_use() -> None:
    books = ZohoBooks(organization_id="1", access_token="not-a-real-token")
    groups: dict[str, set[str]] = {}
    for op in all_operations():
        parts = op.name.split(".")
        if len(parts) == 3:
            groups.setdefault(parts[0], set()).add(parts[1])
    # Sub-resources in every module that nests collections under its records, not only contacts.
    assert {"contacts", "invoices", "bills", "credit_notes", "projects", "vendor_credits"} <= set(groups)
    unbuilt = []
    for module, names in sorted(groups.items()):
        resource = getattr(books, module)
        for group in sorted(names):
            if group in vars(resource):
                unbuilt.append(f"{module}.{group} built before use")
            first = getattr(resource, group)
            if getattr(resource, group) is not first or group not in vars(resource):
                unbuilt.append(f"{module}.{group} built again on each use")
    assert not unbuilt, "\n".join(unbuilt)
    for op in all_operations():
        target: object = books
        for part in op.name.split("."):
            target = getattr(target, part)
        assert callable(target), op.name


def test_a_sub_resource_off_the_paths_needs_a_declared_topic(monkeypatch: pytest.MonkeyPatch) -> None:
    overlay: dict[str, Any] = {
        "modules": {"things": {"attribute": "things", "nouns": ["things", "thing"]}},
        "operations": {"things": {"email_thing": {"name": "emails.send"}}},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    doc = _things("POST", "/things/{thing_id}/email", "email_thing")
    with pytest.raises(OverlayError, match="under none"):
        build_plan({"things": [doc]})
    overlay["topics"] = {"things": {"emails": "the emails Zoho sends about a thing"}}
    (module,) = build_plan({"things": [doc]})
    assert [op.method_name for op in module.operations] == ["emails.send"]
    overlay["topics"]["things"]["reports"] = "no operation is in it"
    with pytest.raises(OverlayError, match="no operation is in"):
        build_plan({"things": [doc]})
