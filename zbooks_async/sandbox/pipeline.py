"""The ``/books/v3`` request pipeline as aiohttp middlewares, outermost first.

accounting -> routing -> authentication -> organization -> faults -> limits -> latency
-> handler. Each stage either answers (by raising ``ZohoError``) or passes the request on.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.typedefs import Handler

from . import errors, faults
from .context import current, request_context
from .envelope import ZohoError
from .handle import SANDBOX_KEY, Sandbox
from .payload import read_payload
from .scopes import grants, route_scope
from .stats import RecordedRequest

API_PREFIX = "/books/v3"


def sandbox_of(request: web.Request) -> Sandbox:
    """The sandbox handle serving this request."""
    return request.config_dict[SANDBOX_KEY]


def organization_id_of(request: web.Request) -> str:
    """The organization the request was admitted for (set by the organization stage)."""
    return current().organization_id


@web.middleware
async def routing(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer unknown paths (404 code 5) and wrong methods (405 code 37) in Zoho's envelope."""
    failure = request.match_info.http_exception
    if isinstance(failure, web.HTTPMethodNotAllowed):
        return errors.method_not_allowed(request.method).response()
    if failure is not None:
        return errors.unknown_url().response()
    return await handler(request)


@web.middleware
async def accounting(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count and optionally record the request; turn ``ZohoError`` into its envelope; add the
    organization's ``X-Rate-Limit-*`` budget headers to the answer."""
    sandbox = sandbox_of(request)
    stats = sandbox.stats
    stats.total_requests += 1
    record = None
    if sandbox.config.record_requests:
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            headers=dict(request.headers),
            body=await read_payload(request),
            organization_id=request.query.get("organization_id"),
        )
        stats.requests.append(record)
    with request_context() as context:
        context.record = record
        try:
            response = await handler(request)
        except ZohoError as exc:
            response = exc.response()
    if not context.dropped:
        stats.responses_by_status[response.status] += 1
        _add_budget_headers(sandbox, request, response)
    return response


def _add_budget_headers(sandbox: Sandbox, request: web.Request, response: web.StreamResponse) -> None:
    """Zoho's ``X-Rate-Limit-*`` headers, on every answer for a well-formed organization id."""
    organization_id = request.query.get("organization_id", "")
    if response.prepared or not organization_id.isdigit() or not organization_id.isascii():
        return
    budget = sandbox.limits.budget(organization_id)
    if budget is not None:
        response.headers.update(budget.headers())


@web.middleware
async def authentication(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Require ``Authorization: Zoho-oauthtoken <valid token>`` holding the route's scope.

    No header at all: 401 code 14. An unknown or expired token, or one whose scopes do not
    cover the operation: 401 code 57 (Zoho answers a missing scope as it does an expired
    token, never 403).
    """
    tokens = sandbox_of(request).tokens
    header = request.headers.get("Authorization")
    if header is None:
        raise errors.not_authenticated()
    token = tokens.token_from_header(header)
    if token is None or not tokens.is_valid(token):
        raise errors.not_authorized()
    needed = route_scope(request, API_PREFIX)
    if needed is not None and not grants(tokens.scopes_of(token), needed):
        raise errors.not_authorized()
    return await handler(request)


@web.middleware
async def organization(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Require a digits-only ``organization_id`` (else 400 code 2); create its store."""
    organization_id = request.query.get("organization_id", "")
    if not organization_id.isdigit() or not organization_id.isascii():
        raise errors.invalid_parameter("organization_id")
    sandbox_of(request).state.organization(organization_id)
    current().organization_id = organization_id
    return await handler(request)


@web.middleware
async def fault_injection(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Maybe inject one fault (see ``faults`` for what each kind does)."""
    sandbox = sandbox_of(request)
    kind = sandbox.faults.draw()
    if kind is None:
        return await handler(request)
    sandbox.stats.faults_injected[kind] += 1
    context = current()
    if context.record is not None:
        context.record.fault = kind
    if kind == "reset_before":
        context.dropped = True
        return faults.drop_connection(request, work_done=False)
    if kind == "token_expiry":
        sandbox.expire_tokens()
    if kind in faults.BEFORE_WORK:
        answer = faults.before_work_error(kind, sandbox.faults)
        if isinstance(answer, ZohoError):
            raise answer
        return answer
    context.fault = kind
    response = await handler(request)
    if kind == "reset_after":
        context.dropped = True
        return faults.drop_connection(request, work_done=True)
    if kind == "truncated_json":
        return faults.truncated(response)
    if kind == "malformed_json":
        return faults.malformed(response)
    if kind == "slow_answer" and not await faults.sleep_while_connected(
        request, sandbox.config.faults.slow_seconds
    ):
        context.dropped = True  # the work is done, but nobody is left to hear about it
    return response


@web.middleware
async def limits(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply the daily budget (45), rolling window (44) and in-flight cap (1070)."""
    sandbox = sandbox_of(request)
    organization_id = organization_id_of(request)
    gate = sandbox.limits
    try:
        in_flight = gate.admit(organization_id)
    except ZohoError as exc:
        sandbox.stats.throttled_by_code[exc.code] += 1
        raise
    sandbox.stats.note_in_flight(organization_id, in_flight)
    try:
        return await handler(request)
    finally:
        gate.release(organization_id)


@web.middleware
async def latency(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Hold the in-flight slot for ``latency_seconds`` (and ``slow_seconds`` on a slow fault)."""
    sandbox = sandbox_of(request)
    if sandbox.config.latency_seconds > 0:
        await asyncio.sleep(sandbox.config.latency_seconds)
    context = current()
    if context.fault == "slow":
        still_there = await faults.sleep_while_connected(
            request, sandbox.config.faults.slow_seconds
        )
        if not still_there:
            # The client is gone: skip the work; aiohttp quietly fails to send this.
            context.dropped = True
            return web.Response(status=204)
    return await handler(request)


API_MIDDLEWARES = (
    accounting,
    routing,
    authentication,
    organization,
    fault_injection,
    limits,
    latency,
)
