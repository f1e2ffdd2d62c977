"""OAuth scopes: which scope each API route needs, and whether a token's scopes grant it.

The scope of a route is the ``scope`` of the SDK operation with the same method and path in
``zbooks_async.OPERATIONS`` (path parameters compared by position, not by name), so the
sandbox and the SDK cannot disagree about it. Routes with no such operation need no scope.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from aiohttp import web

FULL_ACCESS = "zohobooks.fullaccess.all"
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def path_shape(path: str) -> str:
    """A path template with every placeholder blanked: ``/contacts/{contact_id:\\d+}`` -> ``/contacts/{}``."""
    return _PLACEHOLDER.sub("{}", path)


@functools.cache
def operation_scopes() -> dict[tuple[str, str], str]:
    """``(method, path shape) -> scope`` for every operation the SDK knows."""
    from ..registry import OPERATIONS  # late: the SDK's registry is not needed to import the sandbox

    return {(op.method, path_shape(op.path)): op.scope for op in OPERATIONS}


def route_scope(request: web.Request, api_prefix: str) -> str | None:
    """The scope the operation a request path names needs, or None when no operation describes it.

    Found through the sandbox's table of routes (``generic.operation_at``), so every module's
    paths, read by the path requested and not by the aiohttp route that caught it, are guarded.
    """
    from .generic import operation_at  # late: the table is built from the SDK's registry

    operation = operation_at(request.method, request.path.removeprefix(api_prefix))
    if operation is not None:
        return operation.scope
    route = request.match_info.route
    resource = route.resource
    if resource is None:
        return None
    path = resource.canonical.removeprefix(api_prefix)
    return operation_scopes().get((route.method, path_shape(path)))


def parse_scopes(text: str) -> frozenset[str]:
    """The scopes of a mint request's ``scope`` field (comma- or space-separated)."""
    return frozenset(part for part in re.split(r"[,\s]+", text) if part)


def grants(scopes: Iterable[str] | None, needed: str) -> bool:
    """True when ``scopes`` (None: every scope) include ``needed``, directly or through ``.ALL``.

    ``ZohoBooks.contacts.ALL`` grants every contacts operation and ``ZohoBooks.fullaccess.all``
    every operation; Zoho compares scopes without regard to case.
    """
    if scopes is None:
        return True
    held = {scope.casefold() for scope in scopes}
    wanted = needed.casefold()
    service, _, _ = wanted.rpartition(".")
    return wanted in held or f"{service}.all" in held or FULL_ACCESS in held
