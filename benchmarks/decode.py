"""Decode cost: parsing Zoho's JSON and structuring it into models, per contact and per page.

Also the figures behind two devices that must earn their keep: msgspec against the standard
library's parser, and structuring's fast path (compiled once a model is hot, interpreted while
it is cold) against cattrs' own generated code.

Side by side with pydantic v2 (the ``bench`` extra; the rows say "not run" without it): the
~20-field sales receipt of the typed-get row (``common.RECEIPT``, as the sandbox answers it) and
a page of 200 such, read from the answer's bytes by the SDK (msgspec + structuring) and by a
pydantic model of the same fields with the same rules (``benchmarks/pydantic_twin.py``). And
what reads being total costs when nothing mismatches: the SDK's readers against the same
converter whose readers trust every value (no kept values, no echo checks).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import statistics
import timeit
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn, override
from common import Figure, SandboxProcess, create_receipts, not_run, raw_answer
from pydantic_twin import pydantic, twin

from zbooks_async import jsoncodec, structuring
from zbooks_async.converter import make_converter, structure
from zbooks_async.models import SalesReceipt
from zbooks_async.models.contacts import Contact
from zbooks_async.sandbox import Sandbox, SandboxConfig
from zbooks_async.sandbox.contacts import summary

SECTION = "decode"
TARGET_US = 100.0
PAGE_TARGET_US = 1000.0
PYDANTIC_TARGET = 0.7
TOLERANT_TARGET = 1.05
PAGE_SIZE = 200


def _documented_contact() -> dict[str, Any] | None:
    """Zoho's own example answer of "get contact", read from the Contacts document as the
    generator reads it (codegen/documents.py)."""
    from codegen.documents import DOCUMENTS, read_document
    from codegen.examples import example_of

    for doc in read_document(DOCUMENTS / "contacts.yml"):
        if doc.method == "GET" and doc.path == "/contacts/{contact_id}" and doc.response:
            data = example_of(doc.response)
            if isinstance(data, dict) and "contact" in data:
                return jsoncodec.loads(json.dumps(data["contact"]))  # type: ignore[no-any-return]
    return None


ROUNDS = 9


def paired(first: Any, second: Any, number: int) -> tuple[float, float, float]:
    """``first`` against ``second``, timed in turns (a loaded machine slows both alike): the
    median of the per-round ratios, and each one's median microseconds per call."""
    ratios, firsts, seconds = [], [], []
    for _ in range(ROUNDS):
        a = timeit.timeit(first, number=number) / number * 1e6
        b = timeit.timeit(second, number=number) / number * 1e6
        ratios.append(a / b)
        firsts.append(a)
        seconds.append(b)
    return statistics.median(ratios), statistics.median(firsts), statistics.median(seconds)


def microseconds(function: Any, number: int) -> float:
    best = min(timeit.repeat(function, number=number, repeat=5))
    return best / number * 1e6


def cattrs_own() -> Any:
    """A converter with the SDK's value hooks whose models use cattrs' own generated code."""
    converter = make_converter()
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: make_dict_structure_fn(cls, converter, extra=override(omit=True))
    )

    def model_list(cls: Any) -> Any:
        (element,) = typing.get_args(cls)
        hook = converter.get_structure_hook(element)
        return lambda value, _: [hook(item, element) for item in value]

    converter.register_structure_hook_factory(
        lambda cls: typing.get_origin(cls) is list and attrs.has(typing.get_args(cls)[0]), model_list
    )
    return converter


def with_surprises(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with three values of a kind the model does not declare (kept, not read)."""
    return {**data, "notes": ["a", "list"], "credit_limit": "n/a", "is_taxable": "maybe"}


async def measure(quick: bool = False) -> list[Figure]:
    figures = await asyncio.to_thread(measure_contacts, quick)
    async with SandboxProcess() as sandbox:
        (receipt_id,) = await create_receipts(sandbox, 1)
        body = await raw_answer(sandbox, f"/salesreceipts/{receipt_id}")
    figures += await asyncio.to_thread(measure_receipts, body, quick)
    return figures


def receipt_page(body: bytes) -> bytes:
    """A list answer of :data:`PAGE_SIZE` copies of the receipt in ``body``, each its own id."""
    receipt = json.loads(body)["salesreceipt"]
    rows = [{**receipt, "sales_receipt_id": str(460000000100000 + n)} for n in range(PAGE_SIZE)]
    return json.dumps({"code": 0, "message": "success", "salesreceipts": rows}).encode()


def trusting_reader(
    cls: type,
    name: str,
    hook: structuring.StructureFn,
    field_type: Any,
    **_: Any,
) -> structuring.Reader:
    """A field reader without what makes reads total: the hook's value, nothing kept or checked."""

    def read(value: Any, kept: list[tuple[str, Any]]) -> Any:
        return hook(value, field_type)

    if (structuring.optional_arm(field_type) or field_type) is datetime.datetime:
        return structuring._zoho_timestamps_first(read)  # the same direct parse of Zoho's form
    return read


def trusting_converter() -> Any:
    """A converter like the SDK's whose models are planned with :func:`trusting_reader`."""
    converter = make_converter()
    total = structuring.reader
    structuring.reader = trusting_reader  # type: ignore[assignment]
    try:  # plans are made on first use: make them now, while the readers trust
        converter.structure(jsoncodec.loads(b'{"sales_receipt_id": "1", "line_items": [{}]}'), SalesReceipt)
    finally:
        structuring.reader = total
    return converter


def measure_receipts(body: bytes, quick: bool) -> list[Figure]:
    number = 400 if quick else 2000
    page_body = receipt_page(body)
    record = jsoncodec.loads(body)["salesreceipt"]
    page = jsoncodec.loads(page_body)["salesreceipts"]
    hook = structuring_hook(SalesReceipt)
    page_hook = structuring_hook(list[SalesReceipt])
    figures: list[Figure] = []
    trusting = trusting_converter()
    trusting_hook = trusting.get_structure_hook(SalesReceipt)
    trusting_page = trusting.get_structure_hook(list[SalesReceipt])
    for label, data, total_read, trusting_read, count in (
        ("one ~20-field sales receipt", record, hook, trusting_hook, number),
        (f"a page of {PAGE_SIZE} of them", page, page_hook, trusting_page, max(1, number // 100)),
    ):
        kind = SalesReceipt if data is record else list[SalesReceipt]
        total_us = microseconds(lambda d=data, r=total_read, k=kind: r(d, k), count)
        trusting_us = microseconds(lambda d=data, r=trusting_read, k=kind: r(d, k), count)
        ratio = total_us / trusting_us
        figures.append(
            Figure(
                SECTION,
                f"reads are total, nothing mismatching: SDK / trusting readers ({label})",
                round(ratio, 3),
                "x",
                f"<= {TOLERANT_TARGET}",
                ratio <= TOLERANT_TARGET,
                f"{total_us:.1f} us against {trusting_us:.1f} us",
            )
        )
    cases = (
        ("one ~20-field sales receipt", body, "salesreceipt", SalesReceipt, number),
        (f"a page of {PAGE_SIZE}", page_body, "salesreceipts", list[SalesReceipt], max(1, number // 100)),
        ("one full seeded contact, for comparison", contact_body(), "contact", Contact, number),
    )
    if pydantic is None:
        why = "pydantic is not installed (pip install -e '.[bench]')"
        rows = [not_run(SECTION, f"typed decode, SDK / pydantic v2 ({case[0]})", why) for case in cases]
        return rows + figures
    rows = []
    for label, raw, key, kind, count in cases:
        sdk_read = structuring_hook(kind)
        element = typing.get_args(kind)[0] if typing.get_origin(kind) is list else kind
        twin_kind: Any = list[twin(element)] if element is not kind else twin(element)  # type: ignore[misc]
        answer = pydantic.create_model(
            f"{element.__name__}Answer", code=(int, ...), message=(str, ...), **{key: (twin_kind, ...)}
        )
        data = jsoncodec.loads(raw)[key]
        adapter = pydantic.TypeAdapter(twin_kind)
        from_dict = paired(
            lambda d=data, t=kind, f=sdk_read: f(d, t), lambda d=data, a=adapter: a.validate_python(d), count
        )
        from_bytes = paired(
            lambda r=raw, k=key, t=kind, f=sdk_read: f(jsoncodec.loads(r)[k], t),
            lambda r=raw, a=answer: a.model_validate_json(r),
            count,
        )
        for how, (ratio, sdk_us, pyd_us), note in (
            ("the parsed answer (model_validate, as in issue 24)", from_dict, "validate_python"),
            ("the answer's bytes (msgspec + structuring)", from_bytes, "model_validate_json"),
        ):
            rows.append(
                Figure(
                    SECTION,
                    f"typed decode of {how}, SDK / pydantic v2 ({label})",
                    round(ratio, 3),
                    "x",
                    f"<= {PYDANTIC_TARGET}",
                    ratio <= PYDANTIC_TARGET,
                    f"SDK {sdk_us:.1f} us, pydantic {pyd_us:.1f} us ({note}), median of {ROUNDS} "
                    f"interleaved pairs; pydantic {pydantic.VERSION}",
                )
            )
    return rows + figures


def contact_body() -> bytes:
    """A ``GET /contacts/{id}`` answer carrying the first seeded sandbox contact."""
    record = Sandbox(SandboxConfig(seed_contacts=1, seed=7)).contacts()[0]
    return jsoncodec.dumps({"code": 0, "message": "success", "contact": record})


def structuring_hook(kind: Any) -> Callable[[Any, Any], Any]:
    """The SDK's structure function for ``kind``, as ``converter.structure`` uses it."""
    from zbooks_async.converter import CONVERTER

    hook: Callable[[Any, Any], Any] = CONVERTER.get_structure_hook(kind)
    return hook


def measure_contacts(quick: bool = False) -> list[Figure]:
    sandbox = Sandbox(SandboxConfig(seed_contacts=200, seed=7))
    records = sandbox.contacts()
    full = jsoncodec.loads(jsoncodec.dumps(records[0]))
    page = jsoncodec.loads(jsoncodec.dumps([summary(record) for record in records]))
    page_body = jsoncodec.dumps({"code": 0, "message": "success", "contacts": page})
    scale = 5 if quick else 1
    figures = []
    documented = _documented_contact()
    for label, data in (("Zoho's documented example", documented), ("a seeded sandbox contact", full)):
        if data is None:
            continue
        cost = microseconds(lambda data=data: structure(data, Contact), 2000 // scale)
        figures.append(
            Figure(
                SECTION,
                f"structure one full contact ({label})",
                round(cost, 1),
                "us",
                f"< {TARGET_US:.0f}",
                cost < TARGET_US,
                f"{len(jsoncodec.dumps(data))} bytes of JSON",
            )
        )
    cold = make_converter(compile_after=10**12)
    own = cattrs_own()
    hot_cost = microseconds(lambda: structure(full, Contact), 2000 // scale)
    cold_cost = microseconds(lambda: cold.structure(full, Contact), 2000 // scale)
    own_cost = microseconds(lambda: own.structure(full, Contact), 2000 // scale)
    figures.append(
        Figure(
            SECTION,
            "  cattrs' own generated code / structuring's compiled path (a seeded contact)",
            round(own_cost / hot_cost, 2),
            "x",
            "> 1.5 (else drop it)",
            own_cost / hot_cost > 1.5,
            f"cattrs {own_cost:.1f} us, compiled {hot_cost:.1f} us, interpreted (a cold model) "
            f"{cold_cost:.1f} us",
        )
    )
    surprising = with_surprises(full)
    structure(surprising, Contact)  # the one WARNING per field is logged here, not in the loop
    surprise_cost = microseconds(lambda: structure(surprising, Contact), 2000 // scale)
    figures.append(
        Figure(
            SECTION,
            "  a contact with 3 values of the wrong kind (kept as sent) / all fitting",
            round(surprise_cost / hot_cost, 2),
            "x",
            "< 1.3",
            surprise_cost / hot_cost < 1.3,
            f"{surprise_cost:.1f} us against {hot_cost:.1f} us: reads are total, never a failed answer",
        )
    )
    cost = microseconds(lambda: structure(page, list[Contact]), 50 // scale)
    own_page = microseconds(lambda: own.structure(page, list[Contact]), 50 // scale)
    figures.append(
        Figure(
            SECTION,
            "structure one 200-contact list page",
            round(cost, 1),
            "us",
            note=f"{cost / 200:.1f} us per contact; cattrs' own code {own_page:.0f} us",
        )
    )
    cost = microseconds(lambda: structure(jsoncodec.loads(page_body)["contacts"], list[Contact]), 50 // scale)
    figures.append(
        Figure(
            SECTION,
            "  parse + structure the same page",
            round(cost, 1),
            "us",
            f"< {PAGE_TARGET_US:.0f}",
            cost < PAGE_TARGET_US,
            f"{len(page_body)} bytes",
        )
    )
    msgspec_cost = microseconds(lambda: jsoncodec.loads(page_body), 50 // scale)
    stdlib_cost = microseconds(lambda: json.loads(page_body, parse_float=Decimal), 50 // scale)
    figures.append(
        Figure(
            SECTION,
            "  parse the page: json.loads(parse_float=Decimal) / jsoncodec (msgspec)",
            round(stdlib_cost / msgspec_cost, 2),
            "x",
            "> 1.3 (else drop it)",
            stdlib_cost / msgspec_cost > 1.3,
            f"stdlib {stdlib_cost:.0f} us, msgspec {msgspec_cost:.0f} us",
        )
    )
    return figures
