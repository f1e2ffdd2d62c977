"""``OPERATIONS``: every Zoho Books operation (838 endpoints of 42 documents), from the generated tables.

Built on first use: ``import zbooks_async`` does not import the 41 operation tables nobody asked for.
"""

from __future__ import annotations

import functools
import importlib

from ._generated.operations import MODULES
from .operations import Operation


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
