"""API route modules. Each exposes ``register(router, prefix="")`` for its paths.

A new sub-resource module (``routes/comments.py`` ...) only has to be added to
``ROUTE_MODULES``; ``create_app`` registers them all on the ``/books/v3`` sub-app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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

RouteRegistrar = Callable[[web.UrlDispatcher, str], None]

ROUTE_MODULES: tuple[RouteRegistrar, ...] = (
    contacts.register,
    contact_actions.register,
    bank_accounts.register,
    cards.register,
    sms.register,
    portal.register,
    payment_reminders.register,
    owners.register,
    tracking_1099.register,
    statements.register,
    emails.register,
    reports.register,
    contact_persons.register,
    addresses.register,
    comments.register,
    documents.register,
    tags.register,
    tax_info.register,
)


def register_all(router: web.UrlDispatcher, extra: Iterable[RouteRegistrar] = (), prefix: str = "") -> None:
    """Register every built-in route module, then ``extra`` ones, on ``router``.

    Catch-all fallbacks (such as 404 code 1002 for ``/contacts/<not an id>``) go last
    so they never shadow a more specific path of another module.
    """
    for register in (*ROUTE_MODULES, *extra):
        register(router, prefix)
    generic.register(router, prefix)  # every other module, from the operation table
    contacts.register_fallback(router, prefix)
