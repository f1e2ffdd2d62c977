"""Test data: a copy of Zoho's 97 Contacts API operations with their request and response examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zbooks_async import jsoncodec

OPERATIONS_FILE = Path(__file__).with_name("contacts-operations.json")


def zoho_operations() -> list[dict[str, Any]]:
    """Every documented operation, its examples parsed the way the SDK parses JSON (exact decimals)."""
    return list(jsoncodec.loads(OPERATIONS_FILE.read_bytes()))


def operation(method: str, path: str) -> dict[str, Any]:
    """The documented operation with this method and path template."""
    for candidate in zoho_operations():
        if candidate["method"] == method and candidate["path"] == path:
            return candidate
    raise KeyError(f"{method} {path}")


__all__ = ["OPERATIONS_FILE", "operation", "zoho_operations"]
