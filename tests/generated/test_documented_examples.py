"""Every generated operation against the documents' own examples: the documented request is
accepted and reaches the documented method and path unchanged; the documented answer decodes
into typed values."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from codegen.examples import body_example, query_example, record_answer_example
from codegen.plan import OpPlan, build_plan, load_overlay
from zbooks_async import OPERATIONS
from zbooks_async._generated.modules import BooksModules
from zbooks_async.models.base import ActionResult, Model
from zbooks_async.operations import Operation
from zbooks_async.pagination import Paginator
from zbooks_async.pipeline.values import JsonBody, MultipartBody, Response

GENERATED = [op for op in OPERATIONS if op.module != "contacts"]


@functools.cache
def plans() -> dict[str, OpPlan]:
    return {op.name: op for module in build_plan() for op in module.operations}


class Recorder(BooksModules):
    """A session stand-in: records what would be sent and answers with a canned reply."""

    def __init__(self, answer: Any, body: bytes = b"") -> None:
        self.answer = answer
        self.body = body
        self.sent: list[dict[str, Any]] = []

    def _module_sender(self) -> Recorder:
        return self

    async def send(self, operation: Operation, **kwargs: Any) -> Response:
        self.sent.append({"operation": operation, **kwargs})
        if self.answer is None:
            # Zoho's file answers carry their type: every file operation here answers a PDF.
            headers = {"Content-Type": "application/pdf"}
            return Response(status=200, headers=headers, data=None, body=self.body)
        answer = self.answer
        page = (kwargs.get("query") or {}).get("page")
        if page is not None:  # a documented example's page_context names some page: answer the one asked
            answer = {**answer, "page_context": {"page": page, "has_more_page": False}}
        return Response(status=200, headers=(), data=answer, body=b"")


def _endpoint(session: Recorder, operation: Operation) -> Any:
    target: Any = session
    for part in operation.name.split("."):
        target = getattr(target, part)
    return target


@functools.cache
def example_errors() -> dict[str, dict[str, str]]:
    """Operation id -> fields whose documented example the overlay records as wrong."""
    listed = load_overlay().get("example_errors") or {}
    return {op_id: fields for per_document in listed.values() for op_id, fields in per_document.items()}


def exact(value: Any) -> Any:
    """A documented example as a user passes it: a JSON number with a fraction as a Decimal
    (the SDK refuses floats for money)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, list):
        return [exact(item) for item in value]
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    return value


def _documented_body(plan: OpPlan) -> dict[str, Any]:
    wrong = example_errors().get(plan.doc.operation_id, {})
    shown = body_example(plan.doc)
    if isinstance(shown, list):  # a JSON-array body goes under its one keyword
        return {i.wire: shown for i in plan.keyword_inputs if i.where == "array"}
    kept = {key: value for key, value in shown.items() if key not in wrong}
    for item in plan.keyword_inputs:  # a required field shown wrongly: a valid stand-in of its kind
        if item.required and item.wire in wrong and item.spec == "date":
            kept[item.wire] = "2016-11-19"
    return kept


def _keywords(plan: OpPlan) -> dict[str, Any]:
    """The documented body and query examples, under the SDK's keyword names."""
    by_wire = {("body" if i.where == "array" else i.where, i.wire): i.name for i in plan.keyword_inputs}
    wrong = example_errors().get(plan.doc.operation_id, {})
    keywords = {}
    for wire, value in _documented_body(plan).items():
        name = by_wire.get(("body", wire))
        if name is not None:
            keywords[name] = exact(value)
    for wire, value in query_example(plan.doc).items():
        name = by_wire.get(("query", wire))
        if name is not None and name not in keywords and wire not in wrong:
            keywords[name] = exact(value)
    return keywords


def _updates_nothing(plan: OpPlan, keywords: Mapping[str, Any]) -> bool:
    """A PUT with fields whose document shows none of them: refused as changing nothing."""
    fields = {i.name for i in plan.keyword_inputs if i.where in ("body", "array", "file")}
    return plan.doc.method == "PUT" and bool(fields) and not fields & set(keywords)


def _args(operation: Operation) -> list[str]:
    return [str(460000000000100 + index) for index, _ in enumerate(operation.path_params)]


async def _call(session: Recorder, operation: Operation, keywords: Mapping[str, Any]) -> Any:
    endpoint = _endpoint(session, operation)
    result = endpoint(*_args(operation), **keywords)
    if isinstance(result, Paginator):
        return [item async for item in result]
    return await result


def _typed(value: Any) -> None:
    """Every field of a model holds a value of its declared kind (ids str, money Decimal...)."""
    if isinstance(value, list):
        for item in value:
            _typed(item)
        return
    if not isinstance(value, Model):
        return
    for field in attrs.fields(type(value)):
        held = getattr(value, field.name)
        if field.name == "extra" or held is None:
            continue
        if field.name.endswith("_id") and isinstance(held, str | int) and not isinstance(held, bool):
            assert isinstance(held, str), f"{type(value).__name__}.{field.name} = {held!r}"
        if field.type in ("Decimal | None", "Decimal"):
            assert isinstance(held, Decimal), f"{type(value).__name__}.{field.name} = {held!r}"
        _typed(held)


@pytest.mark.parametrize("operation", GENERATED, ids=lambda op: op.name)
async def test_documented_request_is_accepted_and_reaches_its_endpoint(operation: Operation) -> None:
    plan = plans()[operation.name]
    keywords = _keywords(plan)
    answer = None if operation.shape == "file" else record_answer_example(plan.doc, plan.shape, plan.key)
    session = Recorder(answer, body=b"%PDF-1.4")
    if _updates_nothing(plan, keywords):
        with pytest.raises(ValueError, match="nothing to update"):
            await _call(session, operation, keywords)
        assert session.sent == []
        return
    if operation.shape == "file":
        await _endpoint(session, operation)(*_args(operation), **keywords)
    else:
        await _call(session, operation, keywords)
    sent = session.sent[0]
    assert sent["operation"] is operation
    assert operation.build_path(sent["path_params"]) == operation.path.format(
        **dict(zip(operation.path_params, _args(operation), strict=True))
    )
    accepted = {("body" if i.where == "array" else i.where, i.wire) for i in plan.inputs}
    documented_body = {k: exact(v) for k, v in _documented_body(plan).items() if ("body", k) in accepted}
    body = sent.get("body")
    if documented_body:
        assert isinstance(body, JsonBody | MultipartBody)
        if isinstance(body, JsonBody):
            arrays = [i.wire for i in plan.keyword_inputs if i.where == "array"]
            expected = documented_body[arrays[0]] if arrays else documented_body
            assert body.data == expected  # the documents' values go out unchanged


@pytest.mark.parametrize("operation", [op for op in GENERATED if op.shape != "file"], ids=lambda op: op.name)
async def test_documented_answer_decodes_into_typed_values(operation: Operation) -> None:
    plan = plans()[operation.name]
    session = Recorder(record_answer_example(plan.doc, plan.shape, plan.key))
    if _updates_nothing(plan, _keywords(plan)):
        return  # refused before sending: see the test above
    result = await _call(session, operation, _keywords(plan))
    if operation.shape == "action":
        assert isinstance(result, ActionResult)
    elif operation.shape in ("list", "page"):
        assert isinstance(result, list)
        assert all(isinstance(item, Model) for item in result)
    else:
        assert isinstance(result, Model)
    _typed(result)


@pytest.mark.parametrize("operation", [op for op in GENERATED if op.shape == "file"], ids=lambda op: op.name)
async def test_documented_file_answer_is_returned_or_saved(operation: Operation, tmp_path: Path) -> None:
    session = Recorder(None, body=b"%PDF-1.4 test")
    endpoint = _endpoint(session, operation)
    assert await endpoint(*_args(operation)) == b"%PDF-1.4 test"
    target = tmp_path / "out.pdf"
    assert await endpoint(*_args(operation), to=target) == target
    assert target.read_bytes() == b"%PDF-1.4 test"


PDF_GETS = [op for op in GENERATED if op.name.endswith(".get") and "accept" in op.inputs]


@pytest.mark.parametrize("operation", PDF_GETS, ids=lambda op: op.module)
async def test_get_pdf_asks_for_a_pdf_and_returns_or_saves_it(operation: Operation, tmp_path: Path) -> None:
    session = Recorder(None, body=b"%PDF-1.4 record")
    module = getattr(session, operation.module)
    assert await module.get_pdf(*_args(operation)) == b"%PDF-1.4 record"
    assert await module.get_pdf(*_args(operation), to=tmp_path / "r.pdf") == tmp_path / "r.pdf"
    assert session.sent[0]["query"] == {"accept": "pdf"}
    assert session.sent[0]["operation"] is operation
    assert (tmp_path / "r.pdf").read_bytes() == b"%PDF-1.4 record"
