"""Every Books module, answered from the operation table (``generic_table.py``).

One aiohttp route per path (ids as digits), so the pipeline (envelope, ``organization_id``,
OAuth, faults, limits, recording) applies as to contacts. What each operation does:

- ``POST P`` stores a record from the body: a fresh id in ``<key>_id``, ``created_time`` and
  ``last_modified_time``, a status, a document number, totals of ``line_items`` (201).
- ``GET P/{id}`` reads it, ``PUT P/{id}`` merges the body into it, ``DELETE P/{id}`` removes it;
  a missing id answers 404 (code 5, or the module's own code, such as 1002 for invoices).
- ``GET P`` lists one page (``page``, ``per_page`` up to 200) with Zoho's ``page_context``,
  filtered by ids, status (``unpaid`` too), numbers and names.
- Nested collections (``/invoices/{id}/comments``) are kept per parent; a missing parent is a 404.
- Actions check that the records their path names exist, answer ``{code: 0, message}`` and,
  where cheap, change state (``/status/sent`` -> "sent", ``/status/void`` -> "void", ``/email``
  sends a draft, a customer payment lowers the balances of the invoices it pays).
- Other reads answer the documents' own example.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from ..endpoints.generated import model_class
from ..operations import Operation
from . import errors, pdf
from .bookkeeping import HOOKS, LEDGER_MODULES, Call, Hook, settle_parties
from .checks import check_write
from .envelope import ZohoError, json_response, success
from .generic_records import applied_filter, matches, missing, new_record, update_record
from .generic_table import GenericRoute, documented_answer, documented_message, routes
from .kinds import answer_in_kinds, stored_kinds, with_formatted_twins
from .payload import json_object
from .routes.common import now, organization_of, requested_page
from .state import JSONObject, Organization

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


WHOLE_REST = {"/contacts/reference/": "/contacts/reference/{}"}
"""Paths whose last parameter takes the rest of the path (a contact number may hold a slash)."""
NOT_AN_ID = frozenset({"contacts"})
"""Modules that answer a path naming a record by anything but its id with 404 code 5."""


def register(
    router: web.UrlDispatcher, prefix: str = "", serves: Mapping[tuple[str, str], Handler] | None = None
) -> None:
    """Add the routes of every module, from the operation table.

    One route per first path segment (``/invoices...``), dispatched through the table by the
    path with its numeric segments blanked: an app builds fast and a request is found in one
    look-up instead of a scan over hundreds of patterns. ``serves`` maps an operation's
    (method, path template) to a hook that answers it by itself (contacts' sub-resources).
    """
    for first in sorted({path.split("/")[1] for path in routes()}):
        head = "{head:[0-9]+}" if first == "{}" else first  # custom modules: /{module}/{id}
        router.add_route("*", f"{prefix}/{head}{{tail:(?:/.*)?}}", _dispatcher(first, serves or {}))


def _found(method: str, first: str, tail: str) -> tuple[dict[str, GenericRoute], tuple[str, ...]]:
    """The routes of a request path (by method) and the ids it names."""
    for start, template in WHOLE_REST.items():
        rest = f"/{first}{tail}".removeprefix(start)
        if rest != f"/{first}{tail}" and rest:
            return routes()[template], (rest,)
    segments = [first, *tail.split("/")[1:]]
    numeric = [segment.isdigit() and segment.isascii() for segment in segments]
    pairs = list(zip(segments, numeric, strict=True))
    blanked = "/" + "/".join("{}" if digits else part for part, digits in pairs)
    methods = routes().get(blanked)
    if methods is None:
        if first in NOT_AN_ID and len(segments) == 2:
            if method not in ("GET", "PUT", "DELETE"):
                raise errors.method_not_allowed(method)
            raise errors.no_such_id()
        raise errors.unknown_url()
    return methods, tuple(part for part, digits in pairs if digits)


def operation_at(method: str, path: str) -> Operation | None:
    """The operation a request's method and path (below the API prefix) name, if any."""
    first, _, tail = path.removeprefix("/").partition("/")
    try:
        methods, _ = _found(method, "{}" if first.isdigit() else first, f"/{tail}" if tail else "")
    except ZohoError:
        return None
    route = methods.get(method)
    return route.operation if route is not None else None


def _dispatcher(first: str, serves: Mapping[tuple[str, str], Handler]) -> Handler:
    async def dispatch(request: web.Request) -> web.StreamResponse:
        head = request.match_info.get("head", first)
        methods, ids = _found(request.method, head, request.match_info["tail"])
        route = methods.get(request.method)
        if route is None:
            raise errors.method_not_allowed(request.method)
        operation = route.operation
        serve = serves.get((operation.method, operation.path))
        if serve is not None:
            # A hook reads the path's parameters by name, as an aiohttp route of its own would.
            request.match_info.update(zip(operation.path_params, ids, strict=True))
            return await serve(request)
        return await answer(request, route, ids)

    return dispatch


def owned_records(org: Organization, route: GenericRoute, ids: tuple[str, ...]) -> JSONObject | None:
    """Check every record the path names exists (404 if not); return the innermost one, if any."""
    record = None
    for collection, index in route.owners:
        parent_ids = ids[: collection.depth]
        record = org.records(collection.path, parent_ids).get(ids[index])
        if record is None:
            raise missing(collection)
    return record


async def answer(request: web.Request, route: GenericRoute, ids: tuple[str, ...]) -> web.StreamResponse:
    """Answer one request for ``route`` with the path ids ``ids``.

    Every write is checked (``checks.py``, then its hook's own check) before anything is
    stored; after a write to a ledger module the contacts it touched are settled again.
    """
    org = organization_of(request)
    record = owned_records(org, route, ids)
    operation = route.operation
    collection = route.collection
    hook = HOOKS.get((operation.method, operation.path))
    timestamp = now(request)
    touched: list[JSONObject | None] = [record]
    response = await _answer(request, route, ids, record, hook, timestamp, touched)
    if operation.module in LEDGER_MODULES and request.method != "GET":
        settle_parties(org, touched, timestamp[:10])
    if collection is not None and route.kind == "create" and response.status == 201:
        return _with_record(route, touched[-1] or {}, status=201)  # as settled
    return response


async def _answer(
    request: web.Request,
    route: GenericRoute,
    ids: tuple[str, ...],
    record: JSONObject | None,
    hook: Hook | None,
    timestamp: str,
    touched: list[JSONObject | None],
) -> web.StreamResponse:
    org = organization_of(request)
    operation = route.operation
    collection = route.collection
    writes = route.kind in ("create", "update") and collection is not None
    body = await json_object(request) if writes else {}
    if writes and operation.model is not None:
        body = stored_kinds(body, model_class(operation))
    call = Call(org, ids, record, body, request.query, timestamp)
    if writes:
        check_write(org, operation.inputs, body, creating=route.kind == "create")
        if hook is not None and hook.check is not None:
            hook.check(call)
    if collection is not None and route.kind == "create":
        touched.append(new_record(org, collection, ids, body, timestamp))
        return web.Response(status=201)
    if collection is not None and route.kind == "list":
        return _page(request, route, list(org.records(collection.path, ids).values()))
    if route.kind == "rows":
        return _page(request, route, list(org.records(route.path, ids).values()))
    if collection is not None and record is not None:
        if route.kind == "read":
            if request.query.get("accept") == "pdf":  # the record rendered as Zoho renders it
                title = f"{operation.module} {ids[-1]}"
                numbers = (f"{key}: {record[key]}" for key in sorted(record) if key.endswith("number"))
                lines = [title, *numbers]
                return web.Response(body=pdf.render(lines, title=title), content_type="application/pdf")
            return _with_record(route, record)
        if route.kind == "update":
            before = dict(record)
            touched.append(before)  # the contact it belonged to is settled too
            return _with_record(route, update_record(org, collection, record, body, timestamp))
        if route.kind == "delete":
            del org.records(collection.path, ids[: collection.depth])[ids[collection.depth]]
            org.touch()
            return success(documented_message(operation))
    if record is not None:
        _act(request, route, record)
    if hook is not None and hook.act is not None:
        made = hook.act(call)
        org.touch()
        if made is not None:
            touched.append(made)
            return _with_record(route, made)
    if operation.shape == "file":
        title = f"{operation.module} {' '.join(ids)}".strip()
        return web.Response(body=pdf.render([title], title=title), content_type="application/pdf")
    if route.kind == "action":
        return success(documented_message(operation))
    return _ok(_example(route))


def _act(request: web.Request, route: GenericRoute, record: JSONObject) -> None:
    """The cheap state changes of an action on a stored record: the status its path sets."""
    status = route.sets_status
    if route.sends and record.get("status") == "draft":
        status = "sent"
    if status is not None:
        record["status"] = status
        record["last_modified_time"] = now(request)
        organization_of(request).touch()


def _with_record(route: GenericRoute, record: JSONObject, status: int = 200) -> web.Response:
    """The answer of a write or read of one record, in the shape its operation documents."""
    operation = route.operation
    message = documented_message(operation)
    if operation.shape == "action":
        return success(message, status=status)
    if operation.model is not None:
        record = with_formatted_twins(record, model_class(operation))
    if operation.shape == "answer":  # the documents put such a record's fields beside code and message
        return _ok({**record, "message": message}, status)
    key = operation.key or (route.collection.key if route.collection else "data")
    value: Any = [record] if operation.shape in ("list", "page") else record
    return _ok({"message": message, key: value}, status)


def _ok(resources: Mapping[str, Any], status: int = 200) -> web.Response:
    """``{"code": 0, "message": ..., **resources}`` (a resource may be named ``status``)."""
    return json_response({"code": 0, "message": "success", **resources}, status=status)


def _page(request: web.Request, route: GenericRoute, records: list[JSONObject]) -> web.Response:
    """One page of the records passing the query's filters, with Zoho's ``page_context``."""
    query = request.query
    page, context = requested_page(query, [record for record in records if matches(record, query)])
    operation = route.operation
    key = operation.key or "data"
    if operation.model is not None:
        model = model_class(operation)
        page = [with_formatted_twins(record, model) for record in page]
    resources: dict[str, Any] = {key: page}
    if operation.shape == "page":
        resources["page_context"] = {
            **context,
            "report_name": operation.module.replace("_", " ").title(),
            "applied_filter": applied_filter(query),
            "sort_column": "created_time",
            "sort_order": "A",
        }
    return _ok(resources)


def _example(route: GenericRoute) -> dict[str, Any]:
    operation = route.operation
    shaped = documented_answer(operation)
    shaped.pop("code", None)
    if operation.model is None:
        return shaped
    return answer_in_kinds(shaped, operation.key, operation.shape, model_class(operation))
