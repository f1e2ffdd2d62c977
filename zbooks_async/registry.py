"""``OPERATIONS``: every Zoho Books operation the SDK covers, gathered from the resource modules."""

from __future__ import annotations

from types import ModuleType

from .operations import Operation
from .resources import (
    addresses,
    bank_accounts,
    cards,
    comments,
    contact_actions,
    contact_persons,
    contacts,
    documents,
    emails,
    owners,
    payment_reminders,
    portal,
    reports,
    sms,
    statements,
    tags,
    tax_info,
    tracking_1099,
)

RESOURCE_MODULES: tuple[ModuleType, ...] = (
    contacts,
    contact_actions,
    contact_persons,
    addresses,
    comments,
    documents,
    tags,
    tax_info,
    bank_accounts,
    cards,
    sms,
    portal,
    payment_reminders,
    owners,
    tracking_1099,
    statements,
    emails,
    reports,
)


def _collect(modules: tuple[ModuleType, ...]) -> tuple[Operation, ...]:
    found = [value for module in modules for value in vars(module).values() if isinstance(value, Operation)]
    return tuple(sorted(found, key=lambda operation: operation.name))


OPERATIONS: tuple[Operation, ...] = _collect(RESOURCE_MODULES)
