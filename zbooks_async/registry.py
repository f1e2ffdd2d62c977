"""``OPERATIONS``: every Zoho Books operation (838 endpoints of 42 documents), from the generated tables.

Built on first use: ``import zbooks_async`` does not import the 41 operation tables nobody asked for.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from ._generated.operations import MODULES
from .operations import Operation

if TYPE_CHECKING:
    OPERATIONS: tuple[Operation, ...]


@functools.cache
def all_operations() -> tuple[Operation, ...]:
    """Every operation, sorted by its dotted name (``bank_accounts.create``, ...)."""
    found: list[Operation] = []
    for module in MODULES:
        found.extend(importlib.import_module(f"{__package__}._generated.operations.{module}").ALL)
    return tuple(sorted(found, key=lambda operation: operation.name))


@functools.cache
def operations_by_name() -> dict[str, Operation]:
    """``{"invoices.create": Operation(...), ...}``."""
    return {operation.name: operation for operation in all_operations()}


def __getattr__(name: str) -> object:
    # ``from zbooks_async.registry import OPERATIONS`` still works, built on first use.
    if name == "OPERATIONS":
        return all_operations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
