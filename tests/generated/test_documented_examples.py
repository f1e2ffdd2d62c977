"""Every generated operation against the documents' own examples: the documented request is
accepted and reaches the documented method and path unchanged; the documented answer decodes
into typed values."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from codegen.documents import read_all
from codegen.examples import body_example, query_example, record_answer_example
from codegen.plan import OpPlan, build_plan, load_overlay
from zbooks_async import OPERATIONS, RetryPolicy, ZohoBooks
from zbooks_async._generated.modules import BooksModules
from zbooks_async.models.base import ActionResult, Model
from zbooks_async.operations import Operation
from zbooks_async.pagination import Paginator
from zbooks_async.pipeline.values import JsonBody, MultipartBody, Request, Response

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
        return Response(status=200, headers={}, data=answer, body=b"")


def _endpoint(session: BooksModules, operation: Operation) -> Any:
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


# -- the wire: every operation goes through a real session down to a recording transport -------

ORG = "10234695"
SLOT = re.compile(r"\{[^{}]+\}|\(\\d\+\)")  # a documented path parameter: {name}, or (\d+) unnamed


@functools.cache
def documented_paths() -> dict[tuple[str, str], tuple[str, str]]:
    """(document, operationId) -> (method, path template), read afresh from the documents."""
    return {
        (name, doc.operation_id): (doc.method, doc.path) for name, docs in read_all().items() for doc in docs
    }


def documented_call(operation: Operation) -> tuple[list[str], str, str]:
    """Ids for each slot of the operation's documented path, and the method and path the documents
    say those ids reach: filled here from the document's template, slot by slot in order."""
    plan = plans()[operation.name]
    method, template = documented_paths()[(plan.doc.document, plan.doc.operation_id)]
    slots = SLOT.findall(template)
    ids = [str(460000000000100 + index) for index, _ in enumerate(slots)]
    filled = iter(ids)
    return ids, method, SLOT.sub(lambda _: next(filled), template)


class Wire:
    """A transport that records each request and answers with a canned JSON answer or a PDF."""

    def __init__(self) -> None:
        self.answer: Any = None
        self.pdf = b"%PDF-1.4"
        self.requests: list[Request] = []

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.requests.append(request)
        if self.answer is None:  # every file operation here answers a PDF
            return Response(status=200, headers={"Content-Type": "application/pdf"}, body=self.pdf)
        answer = self.answer
        page = dict(request.query).get("page")
        if page is not None:  # a documented example's page_context names some page: answer the one asked
            answer = {**answer, "page_context": {"page": int(page), "has_more_page": False}}
        body = json.dumps(answer).encode()
        return Response(status=200, headers={"Content-Type": "application/json;charset=UTF-8"}, body=body)

    async def close(self) -> None:
        return None


@asynccontextmanager
async def wired() -> AsyncIterator[tuple[ZohoBooks, Wire]]:
    """A session whose requests go through the whole pipeline to a ``Wire``.

    Read leniently, as users read by default: some documented examples show a value of another
    kind than Zoho sends (``"is_pre_gst": "false"``); tests/real reads real answers strictly.
    """
    wire = Wire()
    retry = RetryPolicy(max_retries=0)
    async with ZohoBooks(
        organization_id=ORG, access_token="token", transport=wire, rate_limit=None, retry=retry, strict=False
    ) as books:
        yield books, wire


async def each(operations: Sequence[Operation], check: Callable[[Operation], Awaitable[None]]) -> list[str]:
    """Run ``check`` for every operation in one event loop; every operation that broke, with why."""
    broken = []
    for operation in operations:
        try:
            await check(operation)
        except Exception as error:  # an AssertionError or anything the call raised
            broken.append(f"{operation.name}: {type(error).__name__}: {error}"[:400])
    return broken


def listed(broken: list[str], of: int) -> str:
    return f"{len(broken)} of {of} operations broke:\n" + "\n".join(broken)


NOT_FILES = [op for op in GENERATED if op.shape != "file"]
FILES = [op for op in GENERATED if op.shape == "file"]
PDF_GETS = [op for op in GENERATED if op.name.endswith(".get") and "accept" in op.inputs]


def test_the_tables_cover_every_generated_operation() -> None:
    assert len(GENERATED) > 700
    assert {op.name for op in GENERATED} <= set(plans())
    assert len(FILES) >= 15 and len(PDF_GETS) >= 8
    assert sum(op.shape == "action" for op in GENERATED) > 400


async def _sent_as_documented(books: ZohoBooks, wire: Wire, operation: Operation) -> None:
    plan = plans()[operation.name]
    ids, method, path = documented_call(operation)
    keywords = _keywords(plan)
    wire.requests.clear()
    if operation.shape == "file":
        wire.answer = None
    else:
        wire.answer = record_answer_example(plan.doc, plan.shape, plan.key)
    endpoint = _endpoint(books, operation)
    if _updates_nothing(plan, keywords):
        with pytest.raises(ValueError, match="nothing to update"):
            await endpoint(*ids, **keywords)
        assert wire.requests == [], "an update with nothing to change was sent"
        return
    result = endpoint(*ids, **keywords)
    await (result.collect() if isinstance(result, Paginator) else result)
    assert len(wire.requests) == 1, f"{len(wire.requests)} requests sent"
    request = wire.requests[0]
    assert (request.method, request.path) == (method, path)
    if operation.organization:
        assert dict(request.query).get("organization_id") == ORG, request.query
    accepted = {("body" if i.where == "array" else i.where, i.wire) for i in plan.inputs}
    documented = {k: exact(v) for k, v in _documented_body(plan).items() if ("body", k) in accepted}
    if documented:
        assert isinstance(request.body, JsonBody | MultipartBody), request.body
        if isinstance(request.body, JsonBody):
            arrays = [i.wire for i in plan.keyword_inputs if i.where == "array"]
            expected = documented[arrays[0]] if arrays else documented
            assert request.body.data == expected  # the documents' values go out unchanged


async def test_every_documented_request_is_accepted_and_sent_to_its_documented_method_and_path() -> None:
    async with wired() as (books, wire):
        broken = await each(GENERATED, lambda operation: _sent_as_documented(books, wire, operation))
    assert broken == [], listed(broken, len(GENERATED))


def _shape_checked(operation: Operation, answer: Mapping[str, Any], result: Any) -> None:
    if operation.shape == "action":
        # An action answer carries Zoho's code and message, and keeps any other field it documents.
        assert isinstance(result, ActionResult), type(result)
        assert (result.code, result.message) == (answer["code"], answer["message"]), result
        assert isinstance(result.code, int) and isinstance(result.message, str)
        documented = {key: value for key, value in answer.items() if key not in ("code", "message")}
        assert result.extra == documented, result.extra
    elif operation.shape in ("list", "page"):
        assert isinstance(result, list), type(result)
        assert all(isinstance(item, Model) for item in result)
    else:
        assert isinstance(result, Model), type(result)


async def test_every_documented_answer_decodes_into_typed_values() -> None:
    async with wired() as (books, wire):

        async def check(operation: Operation) -> None:
            plan = plans()[operation.name]
            keywords = _keywords(plan)
            if _updates_nothing(plan, keywords):
                return  # refused before sending: see the test above
            ids, _, _ = documented_call(operation)
            wire.answer = answer = record_answer_example(plan.doc, plan.shape, plan.key)
            result = _endpoint(books, operation)(*ids, **keywords)
            result = await result.collect() if isinstance(result, Paginator) else await result
            _shape_checked(operation, answer, result)
            _typed(result)

        broken = await each(NOT_FILES, check)
    assert broken == [], listed(broken, len(NOT_FILES))


async def test_every_file_answer_is_returned_or_saved(tmp_path: Path) -> None:
    async with wired() as (books, wire):

        async def check(operation: Operation) -> None:
            wire.answer, wire.pdf = None, f"%PDF-1.4 {operation.name}".encode()
            ids, _, _ = documented_call(operation)
            endpoint = _endpoint(books, operation)
            assert await endpoint(*ids) == wire.pdf
            target = tmp_path / f"{operation.name}.pdf"
            assert await endpoint(*ids, to=target) == target
            assert target.read_bytes() == wire.pdf

        broken = await each(FILES, check)
    assert broken == [], listed(broken, len(FILES))


async def test_every_get_pdf_asks_for_a_pdf_and_returns_or_saves_it(tmp_path: Path) -> None:
    async with wired() as (books, wire):

        async def check(operation: Operation) -> None:
            wire.answer, wire.pdf = None, f"%PDF-1.4 {operation.module} record".encode()
            wire.requests.clear()
            ids, method, path = documented_call(operation)
            module = getattr(books, operation.module)
            assert await module.get_pdf(*ids) == wire.pdf
            target = tmp_path / f"{operation.module}.pdf"
            assert await module.get_pdf(*ids, to=target) == target
            assert target.read_bytes() == wire.pdf
            for request in wire.requests:
                assert (request.method, request.path) == (method, path)
                assert dict(request.query) == {"accept": "pdf", "organization_id": ORG}, request.query
            assert len(wire.requests) == 2

        broken = await each(PDF_GETS, check)
    assert broken == [], listed(broken, len(PDF_GETS))


async def test_an_action_answer_keeps_a_field_it_does_not_document_in_extra() -> None:
    async with wired() as (books, wire):
        wire.answer = {"code": 0, "message": "Your invoice has been sent.", "invoice_id": "460000000000100"}
        result = await books.invoices.email("460000000000100", to_mail_ids=["ap@example.com"])
    assert isinstance(result, ActionResult)
    assert (result.code, result.message) == (0, "Your invoice has been sent.")
    assert result.extra == {"invoice_id": "460000000000100"}
    assert (wire.requests[0].method, wire.requests[0].path) == ("POST", "/invoices/460000000000100/email")
