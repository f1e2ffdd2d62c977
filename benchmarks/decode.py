"""Decode cost: microseconds to structure one full contact and one 200-contact list page."""

from __future__ import annotations

import json
import timeit
from pathlib import Path
from typing import Any

from common import ROOT, Figure

from zbooks_async import jsoncodec
from zbooks_async.converter import structure
from zbooks_async.models.contacts import Contact
from zbooks_async.sandbox import Sandbox, SandboxConfig
from zbooks_async.sandbox.contacts import summary

SECTION = "decode"
TARGET_US = 100.0


def _documented_contact() -> dict[str, Any] | None:
    """Zoho's own example answer of "get contact", when the repository carries it."""
    for path in (ROOT / "tests" / "data" / "contacts-operations.json",):
        if path.exists():
            for operation in json.loads(Path(path).read_text()):
                if operation.get("method") == "GET" and operation.get("path") == "/contacts/{contact_id}":
                    example = operation.get("response_example")
                    data = json.loads(example) if isinstance(example, str) else example
                    if isinstance(data, dict) and "contact" in data:
                        return jsoncodec.loads(json.dumps(data["contact"]))  # type: ignore[no-any-return]
    return None


def microseconds(function: Any, number: int) -> float:
    best = min(timeit.repeat(function, number=number, repeat=5))
    return best / number * 1e6


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
    cost = microseconds(lambda: structure(page, list[Contact]), 50 // scale)
    figures.append(
        Figure(
            SECTION,
            "structure one 200-contact list page",
            round(cost, 1),
            "us",
            note=f"{cost / 200:.1f} us per contact",
        )
    )
    cost = microseconds(lambda: structure(jsoncodec.loads(page_body)["contacts"], list[Contact]), 50 // scale)
    figures.append(
        Figure(
            SECTION, "  parse + structure the same page", round(cost, 1), "us", note=f"{len(page_body)} bytes"
        )
    )
    return figures
