"""Decode cost: parsing Zoho's JSON and structuring it into models, per contact and per page.

Also the figures behind two devices that must earn their keep: msgspec against the standard
library's parser, and structuring's fast path (compiled once a model is hot, interpreted while
it is cold) against cattrs' own generated code.
"""

from __future__ import annotations

import json
import timeit
import typing
from decimal import Decimal
from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn, override
from common import Figure

from zbooks_async import jsoncodec
from zbooks_async.converter import make_converter, structure
from zbooks_async.models.contacts import Contact
from zbooks_async.sandbox import Sandbox, SandboxConfig
from zbooks_async.sandbox.contacts import summary

SECTION = "decode"
TARGET_US = 100.0
PAGE_TARGET_US = 1000.0


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


def measure(quick: bool = False) -> list[Figure]:
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
