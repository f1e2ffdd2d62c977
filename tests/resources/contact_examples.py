"""Helpers for the statement, email and report tests: documented examples, a JSON comparer."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from yarl import URL

from ..data import operation
from ..http_mock import at

CID = "460000000026049"


def example(method: str, path: str) -> Any:
    """The documented response example of one operation, money read as Decimal."""
    return operation(method, path)["response_example"]


def same_json(expected: Any, actual: Any, where: str = "$") -> None:
    """Assert ``actual`` is ``expected`` modulo formatting: ids sent as numbers come back strings."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        assert set(actual) == set(expected), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            same_json(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: {actual!r}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            same_json(left, right, f"{where}[{index}]")
    elif isinstance(expected, int | Decimal) and isinstance(actual, str):
        assert str(expected) == actual, f"{where}: {actual!r} != {expected!r}"
    else:
        assert type(expected) is type(actual) or {type(expected), type(actual)} <= {int, Decimal}, (
            f"{where}: {actual!r} ({type(actual).__name__}) != {expected!r}"
        )
        assert expected == actual, f"{where}: {actual!r} != {expected!r}"


def url(suffix: str) -> re.Pattern[str]:
    """The URLs of ``suffix`` below the example contact, with any query string."""
    return at(f"/contacts/{CID}{suffix}")


def split(url: str) -> tuple[str, dict[str, str]]:
    """A sent URL as its path below the API root and its query parameters."""
    parsed = URL(url)
    return parsed.path.removeprefix("/books/v3"), dict(parsed.query)


def files_in(folder: Path) -> list[str]:
    """The names in ``folder`` (a sync helper, so tests do no blocking I/O in coroutines)."""
    return sorted(entry.name for entry in folder.iterdir())
