"""The fake Zoho accounts server: ``POST /oauth/v2/token`` for the refresh-token grant."""

from __future__ import annotations

from aiohttp import web

from .auth import MintRefused
from .envelope import json_response
from .handle import SANDBOX_KEY
from .scopes import parse_scopes

TOKEN_PATH = "/oauth/v2/token"


def register(router: web.UrlDispatcher) -> None:
    """Add the token endpoint to the main app's router."""
    router.add_post(TOKEN_PATH, mint_token)


async def mint_token(request: web.Request) -> web.Response:
    """Mint an access token from form (or query) fields, answering as Zoho accounts does.

    Zoho answers refusals with HTTP 200 too: bad client id, secret, grant type or refresh
    token give ``{"error": "invalid_code"}``; more than ``mint_limit`` mints per refresh token
    in ``mint_window_seconds`` (10 per 10 minutes) give ``{"error": "Access Denied",
    "error_description": "You have made too many requests continuously..."}``.
    A ``scope`` field (comma-separated) limits what the new token may do.
    """
    sandbox = request.app[SANDBOX_KEY]
    form = await request.post()
    fields = {**request.query, **{k: str(v) for k, v in form.items()}}
    if fields.get("grant_type") != "refresh_token":
        return json_response({"error": "invalid_code"})
    try:
        token = sandbox.tokens.mint(
            fields.get("client_id", ""),
            fields.get("client_secret", ""),
            fields.get("refresh_token", ""),
            parse_scopes(fields["scope"]) if fields.get("scope") else None,
        )
    except MintRefused as refused:
        if refused.description is None:
            return json_response({"error": refused.error})
        return json_response({"error": refused.error, "error_description": refused.description})
    sandbox.stats.token_mints += 1
    return json_response(
        {
            "access_token": token,
            "expires_in": int(sandbox.config.token_lifetime_seconds),
            "api_domain": f"{request.scheme}://{request.host}",
            "token_type": "Bearer",
        }
    )
