"""``OPERATIONS``: every Zoho Books operation the SDK covers, gathered from the resource modules."""

from __future__ import annotations

from types import ModuleType

from .operations import Operation
from .resources import contacts, emails, reports, statements

RESOURCE_MODULES: tuple[ModuleType, ...] = (contacts, statements, emails, reports)


def _collect(modules: tuple[ModuleType, ...]) -> tuple[Operation, ...]:
    found = [value for module in modules for value in vars(module).values() if isinstance(value, Operation)]
    return tuple(sorted(found, key=lambda operation: operation.name))


OPERATIONS: tuple[Operation, ...] = _collect(RESOURCE_MODULES)
