"""Contacts' hooks: behaviour beyond storing a record, one module per sub-resource.

Each module ends with ``SERVES``: (method, path template as Zoho documents it) -> the hook that
answers that operation. Every request, contacts' too, is found through the one table of routes
built from ``OPERATIONS`` (``sandbox/generic.py``); a route with a hook here is answered by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from aiohttp import web

from .. import generic
from . import (
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
from .common import Serve

RouteRegistrar = Callable[[web.UrlDispatcher, str], None]

HOOK_MODULES = (
    contacts,
    contact_actions,
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
    contact_persons,
    addresses,
    comments,
    documents,
    tags,
    tax_info,
)


def _merged(modules: Iterable[object]) -> Mapping[tuple[str, str], Serve]:
    table: dict[tuple[str, str], Serve] = {}
    for module in modules:
        serves: Mapping[tuple[str, str], Serve] = getattr(module, "SERVES")  # noqa: B009
        clash = table.keys() & serves.keys()
        if clash:
            raise RuntimeError(f"two hooks answer {sorted(clash)}")
        table.update(serves)
    return table


SERVES = _merged(HOOK_MODULES)
"""(method, path template) -> the hook that answers it, for every module above."""


def register_all(router: web.UrlDispatcher, extra: Iterable[RouteRegistrar] = (), prefix: str = "") -> None:
    """Register ``extra`` route functions first, then the one table of routes for every module."""
    for register in extra:
        register(router, prefix)
    generic.register(router, prefix, SERVES)
