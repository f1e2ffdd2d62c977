"""Auth stage: sign each request with an access token; on rejection refresh once and replay.

A token is only ever attached to a request for the session's own API origin: the data
center's ``https://www.zohoapis.<dc>`` host, or the ``base_url`` the caller chose explicitly.
"""

from __future__ import annotations

import functools

import attrs
from yarl import URL

from ..auth.base import TokenSource
from ..errors import AuthenticationError, ConfigurationError
from .stage import Handler
from .values import Request, Response

AUTH_HEADER = "Authorization"
AUTH_SCHEME = "Zoho-oauthtoken"
MAX_TOKEN_REPLAYS = 2


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


class AuthStage:
    """Adds ``Authorization: Zoho-oauthtoken <token>``.

    A call rejected as unauthenticated is replayed with a fresh token when the source can give
    one, up to ``MAX_TOKEN_REPLAYS`` times: a call can wait long in the limiter's queue, and the
    token it carries can expire again meanwhile. Zoho refused it at the door, so the replay is
    safe for any method, but not for a body streamed from an async iterable, which the first
    send used up. The cap keeps a token that lacks a scope (401 code 57 with every new
    token) from minting tokens in a loop. With a ``destination``, a request for any other
    origin is refused before a token is attached.
    """

    def __init__(self, tokens: TokenSource, destination: TokenDestination | None = None) -> None:
        self._tokens = tokens
        self._destination = destination

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        if self._destination is not None:
            self._destination.check(request)
        token = await self._tokens.access_token()
        for _ in range(MAX_TOKEN_REPLAYS):
            try:
                return await call_next(_signed(request, token))
            except AuthenticationError:
                if not await self._tokens.invalidate(token) or not request.can_be_resent:
                    raise
            token = await self._tokens.access_token()
        return await call_next(_signed(request, token))


def _signed(request: Request, token: str) -> Request:
    return request.with_header(AUTH_HEADER, f"{AUTH_SCHEME} {token}")
