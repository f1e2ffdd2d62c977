"""Test data: Zoho's 97 Contacts API operations with their request and response examples, read
from the Contacts document through the generator's reader (codegen/documents.py), so the tests
and the generator share one copy of the document."""

from __future__ import annotations

import functools
import json
from typing import Any

from codegen.documents import DOCUMENTS, read_document
from codegen.examples import example_of
from codegen.plan import load_overlay
from zbooks_async import jsoncodec


def _exact(value: Any) -> Any:
    """A document example as the SDK parses JSON (exact decimals)."""
    return None if value is None else jsoncodec.loads(json.dumps(value))


@functools.cache
def _operations() -> bytes:
    corrections = (load_overlay().get("operations") or {}).get("contacts") or {}
    found = []
    for doc in read_document(DOCUMENTS / "contacts.yml"):
        entry = corrections.get(doc.operation_id) or {}
        found.append(
            {
                "title": doc.summary,
                "scope": doc.scope,
                "method": doc.method,
                "path": entry.get("path", doc.path),  # the SDK's placeholder names
                "request_example": _exact(example_of(doc.body)) if doc.body else None,
                "response_example": _exact(example_of(doc.response)) if doc.response else None,
            }
        )
    return jsoncodec.dumps(found)


def zoho_operations() -> list[dict[str, Any]]:
    """Every documented operation, its examples parsed the way the SDK parses JSON (exact decimals);
    a fresh copy on each call, so a test may change what it gets."""
    return list(jsoncodec.loads(_operations()))


def operation(method: str, path: str) -> dict[str, Any]:
    """The documented operation with this method and path template."""
    for candidate in zoho_operations():
        if candidate["method"] == method and candidate["path"] == path:
            return candidate
    raise KeyError(f"{method} {path}")


__all__ = ["operation", "zoho_operations"]
