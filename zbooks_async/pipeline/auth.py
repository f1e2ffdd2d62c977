"""Auth stage: sign each request with an access token as it leaves; classify a refused token.

A token is only ever attached to a request for the session's own API origin: the data
center's ``https://www.zohoapis.<dc>`` host, or the ``base_url`` the caller chose explicitly.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from collections.abc import Awaitable

import attrs
from yarl import URL

from ..auth.base import TokenSource
from ..durations import seconds_text
from ..errors import (
    AuthenticationError,
    ConfigurationError,
    DeadlineExceeded,
    MissingScopeError,
    TokenExpiredError,
)
from ..secrets import Secret
from .stage import Handler
from .values import Request, Response

AUTH_HEADER = "Authorization"
AUTH_SCHEME = "Zoho-oauthtoken"
SCOPE_OR_EXPIRED_CODE = 57
"""Zoho's 401 code for both an expired token and a token that lacks the operation's scope."""
_TOKEN_CODES = frozenset({14, SCOPE_OR_EXPIRED_CODE})


@attrs.frozen
class TokenDestination:
    """The one origin (scheme, host, port) a session's access tokens may be sent to.

    ``explicit`` says the caller chose the URL with ``base_url=``; only then may it be plain
    ``http`` (the local sandbox, a test server). A data center's URL must be ``https``.
    """

    scheme: str
    host: str
    port: int | None
    explicit: bool = False
    # base_urls already found to be this origin: most sessions send every call to one.
    _approved: set[str] = attrs.field(factory=set, init=False, eq=False, repr=False)

    @classmethod
    def of(cls, base_url: str, *, explicit: bool) -> TokenDestination:
        """The destination of ``base_url``; raises ConfigurationError if tokens must not go there."""
        url = URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError(
                f"base_url must be an absolute http(s) URL such as "
                f"https://www.zohoapis.com/books/v3, got {base_url!r}"
            )
        if url.user is not None or url.password is not None or url.query_string or url.fragment:
            raise ConfigurationError("base_url must not carry credentials, a query string or a fragment")
        if not explicit and url.scheme != "https":
            raise ConfigurationError(
                f"refusing to send access tokens over plain http to {url.origin()}; "
                "Zoho's data centers are served over https (pass base_url= to choose a server)"
            )
        return cls(scheme=url.scheme, host=url.host, port=url.port, explicit=explicit)

    @property
    def origin(self) -> str:
        """``scheme://host:port`` as text, for messages."""
        return f"{self.scheme}://{self.host}:{self.port}"

    def check(self, request: Request) -> None:
        """Raise ConfigurationError unless ``request`` goes to this origin."""
        # A path that starts with "/" cannot change the origin, so only base_url is parsed
        # (once per distinct base_url: this runs on every call).
        if request.path.startswith("/") and request.base_url in self._approved:
            return
        scheme, host, port, user = _origin_of(request.base_url)
        if (
            scheme != self.scheme
            or host != self.host
            or port != self.port
            or user is not None
            or not request.path.startswith("/")
        ):
            raise ConfigurationError(
                f"refusing to send the access token to {scheme}://{host}:{port}: "
                f"this session sends tokens only to {self.origin}",
                method=request.method,
                path=request.path,
            )
        if len(self._approved) < 64:
            self._approved.add(request.base_url)


@functools.lru_cache(maxsize=64)
def _origin_of(base_url: str) -> tuple[str, str | None, int | None, str | None]:
    url = URL(base_url)
    return url.scheme, url.host, url.port, url.user


class DestinationStage:
    """Refuses, before anything else happens, a request for an origin tokens must not go to.

    First in the pipeline, so such a request is neither queued in the limiter nor given a token.
    """

    def __init__(self, destination: TokenDestination) -> None:
        self._destination = destination

    def __call__(self, request: Request, call_next: Handler) -> Awaitable[Response]:
        # Not a coroutine of its own: it only checks the request (see Stage).
        destination = self._destination
        # Inline the common case: the path cannot change the origin, the base_url is known.
        if not (request.path.startswith("/") and request.base_url in destination._approved):
            destination.check(request)
        return call_next(request)


class AuthStage:
    """Adds ``Authorization: Zoho-oauthtoken <token>`` as the request leaves.

    It sits after the rate limiter, so the token is read when the request is sent, not before
    a long wait in the limiter's queue. When Zoho refuses the token (HTTP 401), it tells an
    expired token from a missing scope, which Zoho answers alike (code 57):

    * a token that replaced a refused one during this call (``Request.token_replaced``) and is
      refused with code 57 too lacks the operation's scope: :class:`MissingScopeError` naming
      ``Request.scope``. The token is kept (another would be refused the same way), and later
      calls for that scope refused with that token fail the same way without minting;
    * any other refused token is dropped from the source; if the source can give another, the
      error becomes :class:`TokenExpiredError`, which the retry loop answers by sending the call
      again (the next attempt reads the new token) with ``token_replaced`` set.

    A token that cannot be had for a moment (the accounts server failed, timed out or refuses
    to mint more for a while) is a :class:`TokenUnavailable` from the source: nothing was sent,
    and the retry loop may try again.
    """

    def __init__(self, tokens: TokenSource, destination: TokenDestination | None = None) -> None:
        self._tokens = tokens
        self._destination = destination
        # scope -> digest of the token Zoho refused for it although just minted.
        self._scope_refused: dict[str, str] = {}

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        if self._destination is not None:
            self._destination.check(request)
        # No local holds the bare token: this frame is in every traceback that passes through,
        # and loggers that print locals (loguru's diagnose) would show it. The signed request's
        # repr hides its Authorization header.
        if request.deadline_at is None:
            signed = _signed(request, await self._tokens.access_token())
        else:
            signed = _signed(request, await self._token_within_deadline(request))
        try:
            return await call_next(signed)
        except AuthenticationError as refused:
            if isinstance(refused, MissingScopeError) or (
                refused.http_status != 401 and refused.code not in _TOKEN_CODES
            ):
                raise
            error = await self._refusal(signed, refused)
            if error is refused:
                raise
            raise error from refused

    async def _token_within_deadline(self, request: Request) -> str:
        """The token, or DeadlineExceeded (nothing sent) if minting outlasts the call's deadline."""
        left = (request.deadline_at or 0.0) - time.monotonic()
        try:
            async with asyncio.timeout(max(0.0, left)):
                return await self._tokens.access_token()
        except TimeoutError:
            raise DeadlineExceeded(
                f"no access token could be had within the call's deadline of "
                f"{seconds_text(request.options.deadline)}; nothing was sent",
                may_have_reached_server=False,
                method=request.method,
                path=request.path,
            ) from None

    async def _refusal(self, signed: Request, refused: AuthenticationError) -> AuthenticationError:
        """The error for a call whose token (in ``signed``) Zoho refused with ``refused``."""
        token = Secret(_token_of(signed))
        scope = signed.scope
        if refused.code == SCOPE_OR_EXPIRED_CODE and (
            signed.token_replaced
            or (scope is not None and self._scope_refused.get(scope) == _digest(token))
        ):
            if scope is not None and len(self._scope_refused) < 1024:
                self._scope_refused[scope] = _digest(token)
            return MissingScopeError(
                f"Zoho refused a freshly minted access token for this operation (code 57): the "
                f"token lacks the OAuth scope {scope or 'this operation needs'}. Authorize the "
                f"refresh token with that scope (or ZohoBooks.fullaccess.all); no more tokens are "
                f"minted for this refusal (Zoho said: {refused.message})",
                scope=scope,
                code=refused.code,
                http_status=refused.http_status,
                method=refused.method,
                path=refused.path,
                body=refused.body,
            )
        if not await self._tokens.invalidate(token.reveal()):
            return refused
        return TokenExpiredError(
            refused.message,
            code=refused.code,
            http_status=refused.http_status,
            method=refused.method,
            path=refused.path,
            body=refused.body,
        )


def _digest(token: Secret) -> str:
    # Remembered instead of the token itself: no second copy of a secret.
    return hashlib.sha256(token.reveal().encode()).hexdigest()[:32]


def _signed(request: Request, token: str) -> Request:
    return request.with_header(AUTH_HEADER, f"{AUTH_SCHEME} {token}")


def _token_of(signed: Request) -> str:
    for name, value in signed.headers:
        if name == AUTH_HEADER:
            return value.removeprefix(f"{AUTH_SCHEME} ")
    return ""
