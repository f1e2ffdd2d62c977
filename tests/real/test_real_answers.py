"""Every real Zoho answer in ``tests/data/real/`` (quoted from public code, masked, each with its
source) is read through the public call with strict mode off, and comes back from ``to_json``
value for value and kind for kind; strict mode names what still does not fit the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.json_kinds import differences, without_nulls
from zbooks_async import ZohoBooks, jsoncodec, mismatches
from zbooks_async.errors import MalformedResponseError
from zbooks_async.operations import Operation
from zbooks_async.pagination import Paginator
from zbooks_async.pipeline.values import Request, Response
from zbooks_async.registry import all_operations
from zbooks_async.serialization import to_json

REAL = Path(__file__).parent.parent / "data" / "real"
FILES = sorted(REAL.glob("*/*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = jsoncodec.loads(path.read_bytes())
    return data


def operation_for(request: dict[str, str]) -> Operation:
    """The operation the answer was sent for, by the document's method and path template."""
    found = [
        operation
        for operation in all_operations()
        if operation.method == request["method"] and operation.path == request["path"]
    ]
    assert found, f"no operation for {request}"
    return found[0]


class Canned:
    """A transport that answers every request with one recorded body."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.sent: list[Request] = []

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        self.sent.append(request)
        return Response(200, {"Content-Type": "application/json;charset=UTF-8"}, self.body)

    async def close(self) -> None:
        return None


def records_in(operation: Operation, answer: dict[str, Any]) -> list[Any]:
    """The records the answer carries under the operation's key."""
    assert operation.key is not None, operation.name
    value = answer[operation.key]
    return value if isinstance(value, list) else [value]


async def read(operation: Operation, answer: dict[str, Any], *, strict: bool) -> list[Any]:
    """What the public function of ``operation`` returns for ``answer``, as a list of models."""
    transport = Canned(jsoncodec.dumps(answer))
    async with ZohoBooks(
        organization_id="10234695", access_token="token", transport=transport, strict=strict
    ) as books:
        module, _, name = operation.name.partition(".")
        function: Any = getattr(getattr(books, module), name)
        ids = ["460000000012345"] * len(operation.path_params)
        if operation.method == "GET" and operation.shape == "page":
            page = await function(*ids).page(1) if callable(function) else None
            return list(page.items)
        result = await function(*ids, **body_of(operation, answer))
        if isinstance(result, Paginator):
            return list((await result.page(1)).items)
        return result if isinstance(result, list) else [result]


def body_of(operation: Operation, answer: dict[str, Any]) -> dict[str, Any]:
    """For a create: the required inputs, taken from the record the answer carries; for an update,
    one text field of it (an update with nothing to change is refused before sending)."""
    if operation.method == "GET":
        return {}
    record = records_in(operation, answer)[0]
    if operation.name == "contacts.create":  # hand-written: its one required field
        return {"contact_name": record["contact_name"]}
    if operation.name == "contacts.update":
        return {"notes": "updated"}
    if operation.method == "PUT":
        for name, entry in operation.inputs.items():
            if entry[2] == "str" and isinstance(record.get(name), str) and record[name]:
                return {name: record[name]}
        raise AssertionError(f"{operation.name}: no text field of the record to send")
    names = [name for name in operation.inputs if _required(operation, name) and name in record]
    required = {name: record[name] for name in names}
    # Lines as a caller writes them (real answers' lines carry answer-only keys the request refuses).
    return {name: _as_written(value) for name, value in required.items()}


LINE_KEYS = ("item_id", "account_id", "name", "description", "rate", "quantity", "amount", "debit_or_credit")


def _as_written(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return [{key: item[key] for key in LINE_KEYS if key in item and item[key] != ""} for item in value]
    return value


def _required(operation: Operation, name: str) -> bool:
    return len(operation.inputs[name]) > 3  # [where, wire name, spec, "required"]


def test_the_corpus_covers_several_modules_with_sources() -> None:
    modules = {path.parent.name for path in FILES}
    assert len(FILES) >= 20 and len(modules) >= 10, (len(FILES), sorted(modules))
    for path in FILES:
        data = load(path)
        assert data["source"] and data["evidence"] and data["answer"]["code"] == 0, path


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
async def test_a_real_answer_reads_whole_and_writes_back_unchanged(path: Path) -> None:
    data = load(path)
    operation = operation_for(data["request"])
    answer = data["answer"]
    models = await read(operation, answer, strict=False)
    came = records_in(operation, answer)
    assert len(models) == len(came)
    for model, record in zip(models, came, strict=True):
        written = jsoncodec.loads(to_json(model))
        problems = differences(written, without_nulls(record))
        assert not problems, f"{path.name}: " + "; ".join(problems[:20])



@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
async def test_strict_mode_names_every_remaining_mismatch(path: Path) -> None:
    data = load(path)
    operation = operation_for(data["request"])
    with mismatches.collecting() as found:
        await read(operation, data["answer"], strict=False)
    if not found:
        await read(operation, data["answer"], strict=True)
        return
    with pytest.raises(MalformedResponseError) as caught:
        await read(operation, data["answer"], strict=True)
    for mismatch in found:
        assert str(mismatch) in str(caught.value)
