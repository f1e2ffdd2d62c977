"""``create_app``: the sandbox as an ``aiohttp.web.Application``.

Layout: API under ``/books/v3`` (a sub-app carrying the request pipeline), the fake
accounts server at ``/oauth/v2/token`` and admin endpoints under ``/_sandbox``.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from aiohttp.typedefs import Handler

from . import accounts, admin, errors
from .config import SandboxConfig
from .envelope import ZohoError
from .handle import SANDBOX_KEY, Sandbox
from .pipeline import API_MIDDLEWARES, API_PREFIX
from .routes import RouteRegistrar, register_all


@web.middleware
async def envelope_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer errors outside the API pipeline (admin, accounts, unknown paths) as JSON."""
    try:
        return await handler(request)
    except ZohoError as exc:
        return exc.response()
    except web.HTTPMethodNotAllowed:
        return errors.method_not_allowed(request.method).response()
    except web.HTTPNotFound:
        return errors.unknown_url().response()


def create_app(
    config: SandboxConfig | None = None,
    extra_routes: Iterable[RouteRegistrar] = (),
    sandbox: Sandbox | None = None,
) -> web.Application:
    """Build a sandbox app, already frozen. ``get_sandbox(app)`` returns its ``Sandbox`` handle.

    ``extra_routes`` are additional ``register(router, prefix)`` functions for API routes.
    Pass an existing ``sandbox`` to serve its state (``config`` is then ignored).
    """
    handle = sandbox or Sandbox(config)
    api = web.Application(middlewares=API_MIDDLEWARES)
    register_all(api.router, extra_routes)
    app = web.Application(middlewares=[envelope_errors])
    app[SANDBOX_KEY] = handle
    accounts.register(app.router)
    admin.register(app.router)
    app.add_subapp(API_PREFIX, api)
    # Frozen now so an in-process transport can call ``app._handle(make_mocked_request(...))``
    # directly: middlewares are only wired up when the app freezes.
    app.freeze()
    return app
