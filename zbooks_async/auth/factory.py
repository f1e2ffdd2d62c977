"""Build the token source a ``ZohoBooks`` session uses from its keywords."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..datacenters import DataCenter
from ..errors import ConfigurationError
from ..limits.connection import RedisConnection
from ..secrets import Secret
from ..transport.base import Transport
from .base import TokenProvider, TokenSource
from .provider import ProvidedToken
from .static import StaticToken

if TYPE_CHECKING:
    from .store import TokenStore


def build_token_source(
    *,
    access_token: str | Secret | None,
    token_source: TokenSource | TokenProvider | None,
    client_id: str | None,
    client_secret: str | Secret | None,
    refresh_token: str | Secret | None,
    accounts_url: str | None,
    token_store: TokenStore | None,
    data_center: DataCenter,
    base_url: str | None,
    redis: RedisConnection | None,
    transport: Transport,
) -> TokenSource:
    """One of: a fixed ``access_token``; a ``token_source`` (or an async function giving
    tokens); or OAuth refresh from ``client_id`` + ``client_secret`` + ``refresh_token``,
    with tokens kept in ``token_store``, else in Redis if ``redis`` is given, else in memory.

    Token requests go through the session's ``transport``. The ``api_domain`` the accounts
    server answers must be the data center's unless the caller chose ``base_url``.
    """
    oauth = {
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": refresh_token,
    }
    uses_oauth = any(value is not None for value in oauth.values())
    chosen = [
        name
        for name, given in (
            ("access_token=", access_token is not None),
            ("token_source=", token_source is not None),
            ("client_id=/client_secret=/refresh_token=", uses_oauth),
        )
        if given
    ]
    if len(chosen) > 1:
        raise ConfigurationError(f"pass only one way to get tokens, not {' and '.join(chosen)}")
    if not uses_oauth and (accounts_url is not None or token_store is not None):
        raise ConfigurationError(
            "accounts_url= and token_store= apply to OAuth refresh: also pass client_id=, "
            "client_secret= and refresh_token="
        )
    if token_source is not None:
        if isinstance(token_source, TokenSource):
            return token_source
        if callable(token_source):
            return ProvidedToken(token_source)
        raise ConfigurationError(
            "token_source= must be a TokenSource or an async function returning a token"
        )
    if access_token is not None:
        return StaticToken(access_token)
    if not uses_oauth:
        raise ConfigurationError(
            "no credentials: pass client_id=, client_secret= and refresh_token= (OAuth), "
            "access_token=, or token_source="
        )
    missing = [name for name, value in oauth.items() if value is None]
    if missing:
        raise ConfigurationError(f"OAuth refresh also needs {', '.join(missing)}")
    assert client_id is not None and client_secret is not None and refresh_token is not None
    # OAuth refresh (and its token stores) load only for sessions that use it.
    from .refresh import RefreshTokenSource
    from .store import MemoryTokenStore

    store: TokenStore
    if token_store is not None:
        store = token_store
    elif redis is not None:
        from .redis_store import RedisTokenStore

        store = RedisTokenStore(redis)
    else:
        store = MemoryTokenStore()
    return RefreshTokenSource(
        client_id=client_id,
        client_secret=client_secret,
        refresh_token=refresh_token,
        data_center=data_center,
        accounts_url=accounts_url,
        check_api_domain=base_url is None,
        store=store,
        transport=transport,
    )
