"""Admin endpoints under ``/_sandbox`` (no auth, no limits, no faults) for tests and tools."""

from __future__ import annotations

from aiohttp import web

from . import errors
from .envelope import success
from .handle import SANDBOX_KEY

PREFIX = "/_sandbox"


def register(router: web.UrlDispatcher) -> None:
    """Add the admin routes to the main app's router."""
    router.add_get(f"{PREFIX}/stats", stats)
    router.add_post(f"{PREFIX}/reset", reset)
    router.add_post(f"{PREFIX}/seed", seed)
    router.add_post(f"{PREFIX}/tokens/expire", expire_tokens)
    router.add_post(f"{PREFIX}/tokens/revoke", revoke_refresh_token)
    router.add_get(f"{PREFIX}/contacts", contacts)


async def stats(request: web.Request) -> web.Response:
    """GET /_sandbox/stats: the traffic counters as JSON."""
    return success(stats=request.app[SANDBOX_KEY].stats.to_json())


async def reset(request: web.Request) -> web.Response:
    """POST /_sandbox/reset: back to the starting state."""
    request.app[SANDBOX_KEY].reset()
    return success("The sandbox has been reset.")


async def seed(request: web.Request) -> web.Response:
    """POST /_sandbox/seed?count=N[&organization_id=..][&seed=..]: add generated contacts."""
    sandbox = request.app[SANDBOX_KEY]
    count = _int(request, "count", 1)
    seed_value = _int(request, "seed", sandbox.config.seed) if "seed" in request.query else None
    organization_id = request.query.get("organization_id") or None
    if organization_id is not None and not organization_id.isdigit():
        raise errors.invalid_parameter("organization_id")
    ids = sandbox.seed(count, organization_id, seed_value)
    return success(
        "The contacts have been seeded.",
        organization_id=organization_id or sandbox.config.default_organization_id,
        contact_ids=ids,
    )


async def expire_tokens(request: web.Request) -> web.Response:
    """POST /_sandbox/tokens/expire: every access token in use now fails with code 57."""
    request.app[SANDBOX_KEY].expire_tokens()
    return success("All access tokens have expired.")


async def revoke_refresh_token(request: web.Request) -> web.Response:
    """POST /_sandbox/tokens/revoke: the refresh token no longer mints (invalid_code)."""
    request.app[SANDBOX_KEY].revoke_refresh_token()
    return success("The refresh token has been revoked.")


async def contacts(request: web.Request) -> web.Response:
    """GET /_sandbox/contacts[?organization_id=..]: every stored contact, unpaginated."""
    sandbox = request.app[SANDBOX_KEY]
    organization_id = request.query.get("organization_id") or None
    return success(contacts=sandbox.contacts(organization_id))


def _int(request: web.Request, name: str, minimum: int) -> int:
    try:
        value = int(request.query.get(name, ""))
    except ValueError:
        raise errors.invalid_parameter(name) from None
    if value < minimum:
        raise errors.invalid_parameter(name)
    return value

