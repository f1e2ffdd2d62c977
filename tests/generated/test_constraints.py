"""Limits Zoho puts on values beyond their kind (the overlay's ``constraints``), enforced by the one
checker before anything is sent: a card's expiry month, micro-deposit amounts, a merge into
itself, a blank comment (issue 21)."""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

import pytest

from codegen import plan as plan_module
from codegen.documents import OperationDoc, read_all
from codegen.plan import OverlayError, build_plan
from codegen.render import render_operations, render_reference
from tests.generated.test_documented_examples import Recorder, _call, _endpoint
from zbooks_async import OPERATIONS
from zbooks_async.fields import prepare
from zbooks_async.operations import Operation

BY_NAME = {op.name: op for op in OPERATIONS}
CONTACT = "460000000000100"  # what _call passes as the first path id


@functools.cache
def _by_id() -> dict[str, Operation]:
    """``document/operationId`` (as the overlay keys its facts) -> the generated operation."""
    return {
        f"{p.doc.document}/{p.doc.operation_id}": BY_NAME[p.name] for m in build_plan() for p in m.operations
    }


# (document/operationId, bad keywords, what the refusal says) -- each refused with nothing sent.
REFUSED: list[tuple[str, dict[str, Any], str]] = [
    (
        "contacts/add_contact_card",
        {"expire_month": 13},
        "expire_month must be at least 1 and at most 12, got int 13",
    ),
    (
        "contacts/add_contact_card",
        {"expire_month": 0},
        "expire_month must be at least 1 and at most 12, got int 0",
    ),
    ("contacts/update_contact_card", {"expire_month": -1}, "expire_month must be at least 1 and at most 12"),
    (
        "contacts/verify_contact_bank_account",
        {"first_deposit_amount": 0, "second_deposit_amount": 34},
        "first_deposit_amount must be more than 0, got int 0",
    ),
    (
        "contacts/verify_contact_bank_account",
        {"first_deposit_amount": 12, "second_deposit_amount": Decimal("-0.01")},
        "second_deposit_amount must be more than 0",
    ),
    (
        "contacts/verify_contact_bank_account",
        {"first_deposit_amount": "-3", "second_deposit_amount": 34},
        "first_deposit_amount must be more than 0, got str '-3'",
    ),
    (
        "contacts/merge_contact",
        {"contact_ids": [CONTACT]},
        f"contact_ids[0] must be an id other than the path's contact_id ({CONTACT})",
    ),
    (
        "contacts/merge_contact",
        {"contact_ids": ["7", int(CONTACT)]},
        "contact_ids[1] must be an id other than the path's contact_id",
    ),
    (
        "contacts/add_contact_comment",
        {"description": "   "},
        "description must be text, not blank, got str '   '",
    ),
    ("contacts/add_contact_comment", {"description": ""}, "description must be text, not blank"),
    ("invoices/add_invoice_comment", {"description": "\n\t"}, "description must be text, not blank"),
    ("sales-order/update_sales_order_comment", {"description": " "}, "description must be text, not blank"),
]

# The same operations with values inside the limits: sent.
ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    ("contacts/add_contact_card", {"expire_month": 1, "card_token": "tok_1"}),
    ("contacts/update_contact_card", {"expire_month": 12}),
    ("contacts/verify_contact_bank_account", {"first_deposit_amount": 12, "second_deposit_amount": "34"}),
    (
        "contacts/verify_contact_bank_account",
        {"first_deposit_amount": Decimal("0.01"), "second_deposit_amount": 1},
    ),
    ("contacts/merge_contact", {"contact_ids": ["460000000000999", "7"]}),
    ("contacts/add_contact_comment", {"description": "Prefers email"}),
    ("invoices/add_invoice_comment", {"description": " Paid by cheque "}),
    ("sales-order/update_sales_order_comment", {"description": "Shipped"}),
]


def _session(operation: Operation | None = None) -> Recorder:
    """A recording session answering ``operation`` with an empty record under its key."""
    key = operation.key if operation is not None else None
    record: Any = [] if operation is not None and operation.shape == "list" else {}
    return Recorder({"code": 0, "message": "ok", **({key: record} if key else {})})


@pytest.mark.parametrize(("key", "keywords", "told"), REFUSED, ids=[f"{n}-{k}" for n, k, _ in REFUSED])
async def test_a_value_outside_zohos_limits_is_refused_naming_its_field_with_nothing_sent(
    key: str, keywords: dict[str, Any], told: str
) -> None:
    session = _session()
    operation = _by_id()[key]
    with pytest.raises(ValueError) as caught:
        await _call(session, operation, keywords)
    assert str(caught.value).startswith(f"{operation.name}: ")
    assert told in str(caught.value)
    assert session.sent == []


async def test_values_inside_the_limits_are_sent_as_given() -> None:
    broken = []
    for key, keywords in ACCEPTED:
        operation = _by_id()[key]
        session = _session(operation)
        try:
            await _call(session, operation, keywords)
        except (TypeError, ValueError) as error:
            broken.append(f"{key} {keywords}: {error}")
            continue
        sent = session.sent[0]
        carried = {**(sent.get("query") or {}), **(getattr(sent.get("body"), "data", None) or {})}
        for name, value in keywords.items():
            expected = ",".join(value) if isinstance(value, list) else value
            if carried.get(name) != expected:
                broken.append(f"{key}: {name} sent as {carried.get(name)!r}")
    assert broken == []


def _comment_writes() -> set[str]:
    """From the documents, independently of the overlay: every POST or PUT of a comment that
    takes the comment's text as ``description``."""
    found = set()
    for document, docs in read_all().items():
        for doc in docs:
            properties = (doc.body or {}).get("properties") or {}
            if (
                doc.method in ("POST", "PUT")
                and re.search(r"/comments(/\{[^}]+\})?$", doc.path)
                and "description" in properties
            ):
                found.add(f"{document}/{doc.operation_id}")
    return found


def test_every_documented_comment_write_refuses_a_blank_description() -> None:
    ops = {f"{p.doc.document}/{p.doc.operation_id}": p for m in build_plan() for p in m.operations}
    writes = _comment_writes() - {key for key in _comment_writes() if key.startswith("customer-debit-notes/")}
    assert len(writes) >= 18
    unguarded = sorted(
        key for key in writes if ops[key].constraints.get("description") != {"not_blank": True}
    )
    assert unguarded == []


async def test_every_operation_with_a_blank_rule_refuses_spaces_and_takes_text() -> None:
    blank = [op for op in OPERATIONS if any(f.get("not_blank") for f in op.constraints.values())]
    broken = []
    for op in blank:
        for name in (n for n, facts in op.constraints.items() if facts.get("not_blank")):
            session = _session(op)
            endpoint = _endpoint(session, op)
            args = [str(460000000000100 + index) for index, _ in enumerate(op.path_params)]
            try:
                await endpoint(*args, **{name: "  "})
                broken.append(f"{op.name}: {name} '  ' sent")
            except ValueError as error:
                if f"{op.name}: {name} must be text, not blank" not in str(error) or session.sent:
                    broken.append(f"{op.name}: {error}")
            await endpoint(*args, **{name: "A note"})
            if len(session.sent) != 1:
                broken.append(f"{op.name}: {name} text not sent")
    assert len(blank) >= 18
    assert broken == []


def test_a_fact_naming_a_path_id_holds_where_the_path_is_known() -> None:
    """A fact naming a path id needs the path: without it (a check of keywords alone) it is not
    applied, and a call always has its path."""
    merge = _by_id()["contacts/merge_contact"]
    assert prepare(merge, {"contact_ids": ["5"]}).query == {"contact_ids": "5"}
    with pytest.raises(ValueError, match="other than the path's contact_id"):
        prepare(merge, {"contact_ids": ["5"]}, {"contact_id": "5"})


# -- the overlay section: facts the checker knows, on keywords they fit, with evidence ------------


def _things_doc() -> OperationDoc:
    body = {
        "type": "object",
        "properties": {
            "note": {"type": "string"},
            "month": {"type": "integer"},
            "owner_id": {"type": "string"},
        },
    }
    return OperationDoc(
        "things", "update_thing", "PUT", "/things/{thing_id}", "ZohoBooks.things.UPDATE", "", "", body=body
    )


@pytest.mark.parametrize(
    ("facts", "refusal"),
    [
        ({"month": {"minimum": 1}}, "give the evidence"),
        ({"month": {"minimum": 1, "evidence": ""}}, "evidence must name"),
        ({"colour": {"not_blank": True, "evidence": "x"}}, "kinds"),
        ({"month": {"at_most": 3, "evidence": "x"}}, "kinds"),
        ({"note": {"maximum": 3, "evidence": "x"}}, "needs a number"),
        ({"month": {"maximum": 3.5, "evidence": "x"}}, "whole numbers"),
        ({"month": {"not_blank": True, "evidence": "x"}}, "fits a text keyword"),
        ({"owner_id": {"differs_from": "owner_id", "evidence": "x"}}, "names a path id"),
    ],
)
def test_a_constraint_the_checker_cannot_enforce_is_refused(
    monkeypatch: pytest.MonkeyPatch, facts: dict[str, Any], refusal: str
) -> None:
    overlay = {
        "modules": {"things": {"attribute": "things", "nouns": ["thing"]}},
        "constraints": {"things": {"update_thing": facts}},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    with pytest.raises(OverlayError, match=refusal):
        build_plan({"things": [_things_doc()]})


def test_a_constraint_reaches_the_operation_table_and_the_reference_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    overlay = {
        "modules": {"things": {"attribute": "things", "nouns": ["thing"]}},
        "constraints": {
            "things": {"update_thing": {"month": {"minimum": 1, "maximum": 12, "evidence": "a month"}}}
        },
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: overlay)
    (module,) = build_plan({"things": [_things_doc()]})
    assert "constraints={'month': {'maximum': 12, 'minimum': 1}}," in render_operations(module)
    told = "Refused before sending unless: `month` at least 1 and at most 12."
    assert told in render_reference(module)
