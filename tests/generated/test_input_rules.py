"""One rule set for every module's inputs, checked before anything is sent (issues 20, 21, 23).

Where a rule applies to every operation, one test loops over the operation table (or the
documents) and names every operation that breaks it.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from codegen.plan import OpPlan, build_plan
from tests.generated.test_documented_examples import Recorder
from tests.http_mock import BASE, at, mocked_books, sent_json
from zbooks_async import OPERATIONS
from zbooks_async._generated.models.invoices import Invoice
from zbooks_async.errors import ConfigurationError
from zbooks_async.fields import check, prepare
from zbooks_async.operations import Operation
from zbooks_async.pipeline.values import JsonBody
from zbooks_async.serialization import from_dict

GENERATED = [op for op in OPERATIONS if op.module != "contacts"]
SDK_KEYWORDS = {"options", "to", "per_page", "page"}


@functools.cache
def plans() -> dict[str, OpPlan]:
    return {op.name: op for module in build_plan() for op in module.operations}


def _inputs_of(spec_name: str) -> list[tuple[Operation, str]]:
    return [
        (op, name) for op in GENERATED for name, entry in op.inputs.items() if entry[2] == spec_name
    ]


def _refusal(op: Operation, params: dict[str, Any]) -> BaseException | None:
    """What the one checker says of each of ``params`` on its own (a create's other required
    fields aside)."""
    try:
        for name, value in params.items():
            check(op.inputs[name][2], value, f"{op.name}: {name}")
    except (TypeError, ValueError) as error:
        return error
    return None


# -- money, dates, timestamps, percentages: one rule for every input ---------------------------


def test_money_is_a_decimal_an_int_or_decimal_text_never_a_float_in_every_operation() -> None:
    broken = []
    for op, name in _inputs_of("money"):
        refusal = _refusal(op, {name: 12.5})
        told = str(refusal)
        if not isinstance(refusal, TypeError) or name not in told or "Decimal('12.5')" not in told:
            broken.append(f"{op.name}: {name} float -> {refusal!r}")
        for good in (Decimal("12.50"), 12, "12.50"):
            if _refusal(op, {name: good}) is not None:
                broken.append(f"{op.name}: {name} {good!r} refused")
    assert len(_inputs_of("money")) > 150
    assert broken == []


def test_every_date_input_takes_a_date_or_its_iso_text_and_refuses_other_text() -> None:
    broken = []
    for op, name in _inputs_of("date"):
        for bad in ("03/03/2026", "2026-02-30", datetime(2026, 3, 3)):
            refusal = _refusal(op, {name: bad})
            if refusal is None or name not in str(refusal):
                broken.append(f"{op.name}: {name}={bad!r} -> {refusal!r}")
        for good in (date(2026, 3, 3), "2026-03-03"):
            sent = check(op.inputs[name][2], good, name)
            if sent != "2026-03-03":
                broken.append(f"{op.name}: {name}={good!r} sent as {sent!r}")
    assert broken == []


async def test_invoices_create_with_a_day_month_year_date_is_refused_before_sending() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    with pytest.raises(ValueError, match=r"invoices\.create: date must be a date or 'YYYY-MM-DD'"):
        await session.invoices.create(customer_id="1", line_items=[{"item_id": "2"}], date="03/03/2026")
    assert session.sent == []


def test_every_timestamp_input_refuses_a_naive_datetime() -> None:
    broken = []
    for op, name in _inputs_of("datetime"):
        refusal = _refusal(op, {name: datetime(2026, 3, 3, 10, 0)})
        if not isinstance(refusal, ValueError) or "timezone-aware" not in str(refusal):
            broken.append(f"{op.name}: {name} -> {refusal!r}")
        aware = datetime.fromisoformat("2026-03-03T10:00:00+05:30")
        for good in (aware, "2026-03-03T10:00:00+0530"):
            if check(op.inputs[name][2], good, name) != "2026-03-03T10:00:00+0530":
                broken.append(f"{op.name}: {name}={good!r} not sent as Zoho writes it")
    assert "last_modified_time" in GENERATED_BY_NAME["invoices.list"].inputs
    assert GENERATED_BY_NAME["invoices.list"].inputs["last_modified_time"][2] == "datetime"
    assert broken == []


def test_discounts_the_documents_call_a_percentage_or_an_amount_take_both() -> None:
    percent = _inputs_of("percent")
    broken = [
        f"{op.name}: {name}"
        for op, name in percent
        for value in ("10%", "12.5%", Decimal("10"), "10")
        if _refusal(op, {name: value}) is not None
    ]
    assert broken == []
    assert {op.name for op, _ in percent} >= {
        "invoices.create",
        "invoices.update",
        "estimates.create",
        "purchase_orders.create",
        "sales_orders.update",
        "recurring_invoices.create",
        "recurring_bills.update",
    }
    assert len(percent) >= 16
    assert isinstance(_refusal(GENERATED_BY_NAME["invoices.update"], {"discount": "ten %"}), ValueError)


GENERATED_BY_NAME = {op.name: op for op in GENERATED}


# -- nested objects ----------------------------------------------------------------------------


async def test_a_misspelt_line_item_key_is_refused_with_its_path_and_a_did_you_mean() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    with pytest.raises(TypeError, match=r"line_items\[0\]\.itme_id: unknown field; did you mean item_id\?"):
        await session.invoices.create(customer_id="1", line_items=[{"itme_id": "2"}])  # type: ignore[typeddict-unknown-key]
    with pytest.raises(ValueError, match=r"line_items\[1\]\.quantity must be an amount"):
        await session.invoices.create(
            customer_id="1",
            line_items=[{"item_id": "2"}, {"item_id": "3", "quantity": "two"}],  # type: ignore[typeddict-item]
        )
    with pytest.raises(TypeError, match=r"line_items\[0\]\.rate must be exact: pass Decimal\('12.5'\)"):
        await session.invoices.create(customer_id="1", line_items=[{"item_id": "2", "rate": 12.5}])  # type: ignore[typeddict-item]
    assert session.sent == []


async def test_an_update_takes_back_the_line_item_ids_an_invoice_was_read_with() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    lines = [{"line_item_id": "9", "item_id": "2", "quantity": Decimal("2")}]
    await session.invoices.update("1", line_items=lines)
    assert session.sent[0]["body"].data == {"line_items": lines}


async def test_custom_field_values_may_be_of_any_json_kind() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    fields = [{"api_name": "cf_paid", "value": True}, {"customfield_id": "4", "value": Decimal("1.5")}]
    await session.invoices.update("1", custom_fields=fields)
    assert session.sent[0]["body"].data == {"custom_fields": fields}


# -- inputs as Zoho takes them ------------------------------------------------------------------


def test_every_value_a_document_allows_for_a_query_parameter_is_accepted() -> None:
    """The document's ``enum`` and the values its description lists, both."""
    broken = []
    for op in GENERATED:
        plan = plans()[op.name]
        for param in plan.doc.params:
            listed = [v for v in param.schema.get("enum") or () if "(" not in str(v)]
            queried = [i.name for i in plan.keyword_inputs if i.wire == param.name and i.where == "query"]
            name = queried[0] if queried else None
            if name is None:
                continue
            for value in listed:
                if _refusal(op, {name: value}) is not None:
                    broken.append(f"{op.name}: {name}={value!r}")
    assert broken == []


def test_the_listed_status_and_sort_values_reach_zoho() -> None:
    asked = [
        ("estimates.list", {"status": "pending_approval", "sort_column": "last_modified_time"}),
        ("purchase_orders.list", {"status": "approved"}),
        ("credit_notes.list", {"sort_column": "last_modified_time"}),
        ("credit_notes.list", {"sort_column": "cf_region"}),  # the documents' pattern cf_(\w+)
    ]
    for name, query in asked:
        assert prepare(GENERATED_BY_NAME[name], query).query == query
    with pytest.raises(TypeError, match="sort_column must be one of"):
        prepare(GENERATED_BY_NAME["estimates.list"], {"sort_column": "colour"})


async def test_changed_since_works_for_every_module_that_has_it() -> None:
    broken = []
    for module in sorted({op.module for op in GENERATED}):
        listing = GENERATED_BY_NAME.get(f"{module}.list")
        key = listing.key if listing is not None and listing.key else module
        session = Recorder({"code": 0, "message": "ok", key: [], "page_context": {"has_more_page": False}})
        resource = getattr(session, module)
        if not hasattr(resource, "changed_since"):
            continue
        try:
            async for _ in resource.changed_since(datetime.fromisoformat("2026-01-01T00:00:00+00:00")):
                pass
        except Exception as error:
            broken.append(f"{module}: {error!r}"[:200])
            continue
        operation = session.sent[0]["operation"]
        query = session.sent[0]["query"]
        unknown = [key for key in query if key not in operation.inputs and key not in ("page", "per_page")]
        if unknown:
            broken.append(f"{module}: sent {unknown} the list does not take")
    for module in ("estimates", "purchase_orders", "journals", "sales_orders", "vendor_credits"):
        assert hasattr(getattr(Recorder(None), module), "changed_since"), module
    assert broken == []


def test_path_parameters_documented_as_text_take_their_documented_text() -> None:
    broken = []
    for op in GENERATED:
        plan = plans()[op.name]
        texts = {
            p.name: p.schema.get("example", p.example)
            for p in plan.doc.params
            if p.location == "path" and isinstance(p.schema.get("example", p.example), str)
            and not str(p.schema.get("example", p.example)).isdigit() and p.schema.get("example", p.example)
        }
        if not texts:
            continue
        args = {name: texts.get(name, "460000000000100") for name in op.path_params}
        try:
            path = op.build_path(args)
        except (TypeError, ValueError) as error:
            broken.append(f"{op.name}: {error}")
            continue
        if any(value not in path for value in texts.values()):
            broken.append(f"{op.name}: {path}")
        with pytest.raises(ValueError):
            op.build_path({**args, **{name: ".." for name in texts}})
    assert len({op.name for op in GENERATED if op.text_params}) >= 17
    assert broken == []


async def test_a_custom_module_is_reached_by_its_api_name() -> None:
    key = GENERATED_BY_NAME["custom_modules.list_records"].key or ""
    session = Recorder({"code": 0, "message": "ok", "page_context": {"has_more_page": False}, key: []})
    await session.custom_modules.list_records("cm_debtor").collect()  # type: ignore[attr-defined]
    assert session.sent[0]["path_params"] == {"module_name": "cm_debtor"}


async def test_a_debit_note_is_created_through_invoices_with_its_documented_fields() -> None:
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    await session.invoices.create(
        customer_id="1", line_items=[{"item_id": "2"}], type="debit_note", reference_invoice_id="77"
    )
    body = session.sent[0]["body"].data
    assert (body["type"], body["reference_invoice_id"]) == ("debit_note", "77")


async def test_organizations_are_listed_without_an_organization_id() -> None:
    async with mocked_books(organization_id=None) as books:  # type: ignore[arg-type]
        with aioresponses() as http:
            listing = re.compile(rf"^{re.escape(BASE)}/organizations(\?.*)?$")
            http.get(listing, payload={"code": 0, "organizations": []})
            await books.organizations.list()
            ((_, url, _),) = sent_json(http)
            assert "organization_id" not in url
        with pytest.raises(ConfigurationError, match="organization_id is required"):
            await books.invoices.get("1")
    orgless = sorted(op.name for op in GENERATED if not op.organization)
    assert orgless == ["organizations.create", "organizations.list", "organizations.list_for_user"]


def test_every_json_array_body_has_its_keyword() -> None:
    arrays = {op.name: name for op in GENERATED for name, entry in op.inputs.items() if entry[0] == "array"}
    documented = {op.name for op in GENERATED if (plans()[op.name].doc.body or {}).get("type") == "array"}
    assert set(arrays) == documented and len(documented) == 8  # 7 custom-field updates, tasks.update_many


async def test_a_json_array_body_is_sent_as_the_array() -> None:
    session = Recorder({"code": 0, "message": "ok", "tasks": [], "invoice": {"invoice_id": "1"}})
    await session.invoices.update_custom_fields("1", custom_fields=[{"customfield_id": "4", "value": "x"}])
    await session.tasks.update_many(tasks=[{"task_id": "5"}])
    bodies = [sent["body"] for sent in session.sent]
    assert all(isinstance(body, JsonBody) for body in bodies)
    assert [body.data for body in bodies] == [[{"customfield_id": "4", "value": "x"}], [{"task_id": "5"}]]


def test_no_zoho_field_is_shadowed_by_an_sdk_keyword() -> None:
    shadowed = [f"{op.name}: {name}" for op in GENERATED for name in op.inputs if name in SDK_KEYWORDS]
    assert shadowed == []
    assert GENERATED_BY_NAME["reporting_tags.options.update"].inputs["options_"][1] == "options"


async def test_a_number_where_the_documents_example_gives_one_is_sent_as_given() -> None:
    session = Recorder({"code": 0, "message": "ok", "purchase_order": {"purchaseorder_id": "1"}})
    await session.purchase_orders.update_billing_address("1", zip=94588)
    assert session.sent[0]["body"].data == {"zip": 94588}


# -- updates -----------------------------------------------------------------------------------


def _has_body_fields(op: Operation) -> bool:
    return any(entry[0] == "body" for entry in op.inputs.values())


async def test_an_update_with_nothing_to_change_is_refused_in_every_module() -> None:
    session = Recorder({"code": 0, "message": "ok"})
    updates = [op for op in GENERATED if op.method == "PUT" and _has_body_fields(op)]
    sent_anyway = []
    for op in updates:
        target: Any = session
        for part in op.name.split("."):
            target = getattr(target, part)
        ids = ["460000000000100"] * len(op.path_params)
        with pytest.raises(ValueError, match="nothing to update"):
            await target(*ids)
        if session.sent:
            sent_anyway.append(op.name)
    assert len(updates) > 80 and sent_anyway == []


async def test_an_invoice_read_from_zoho_is_passed_back_to_update_with_its_unknown_fields() -> None:
    invoice = from_dict(Invoice, {"invoice_id": "1", "customer_id": "2", "notes": "old", "cf_flag": "x"})
    session = Recorder({"code": 0, "message": "ok", "invoice": {"invoice_id": "1"}})
    await session.invoices.update("1", invoice, notes="new")
    sent = session.sent[0]["body"].data
    assert sent == {"invoice_id": "1", "customer_id": "2", "notes": "new", "cf_flag": "x"}


async def test_an_amount_past_a_floats_digits_is_sent_with_every_digit() -> None:
    async with mocked_books() as books:
        with aioresponses() as http:
            http.post(at("/items"), payload={"code": 0, "item": {"item_id": "1"}})
            await books.items.create(name="Big", rate=Decimal("12345678901234567.89"))
            ((_, _, _),) = sent_json(http)
            ((_, _), (call,)) = next(iter(http.requests.items()))
            assert b'"rate":12345678901234567.89' in call.kwargs["data"]


async def test_a_contacts_update_with_nothing_to_change_is_refused_before_sending() -> None:
    async with mocked_books() as books:
        with aioresponses() as http:
            contacts = books.contacts
            calls = {
                "contacts.update": contacts.update("1"),
                "contacts.addresses.update": contacts.addresses.update("1", "2"),
                "contacts.persons.update": contacts.persons.update("3", contact_id="1"),
                "contacts.tax_info.update": contacts.tax_info.update("1", "2"),
                "contacts.bank_accounts.update": contacts.bank_accounts.update("1", "2"),
                "contacts.cards.update": contacts.cards.update("1", "2"),
                "contacts.documents.update": contacts.documents.update("1", "2"),
                "contacts.update_by_custom_field": contacts.update_by_custom_field("cf_crm_id", "C-42"),
            }
            for name, call in calls.items():
                with pytest.raises(ValueError, match=rf"{re.escape(name)}: nothing to update"):
                    await call
            assert http.requests == {}
