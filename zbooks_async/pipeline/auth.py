"""Auth stage: sign each request with an access token; on rejection refresh once and replay."""

from __future__ import annotations

from ..auth.base import TokenSource
from ..errors import AuthenticationError
from .stage import Handler
from .values import Request, Response

AUTH_HEADER = "Authorization"
AUTH_SCHEME = "Zoho-oauthtoken"


class AuthStage:
    """Adds ``Authorization: Zoho-oauthtoken <token>``.

    A call rejected as unauthenticated is replayed once with a fresh token when the source can
    give one. Zoho refused it at the door, so the replay is safe for any method.
    """

    def __init__(self, tokens: TokenSource) -> None:
        self._tokens = tokens

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        token = await self._tokens.access_token()
        try:
            return await call_next(_signed(request, token))
        except AuthenticationError:
            if not await self._tokens.invalidate(token):
                raise
        return await call_next(_signed(request, await self._tokens.access_token()))


def _signed(request: Request, token: str) -> Request:
    return request.with_header(AUTH_HEADER, f"{AUTH_SCHEME} {token}")
