"""Tokens from your own async function: a secrets manager, a sidecar, another service."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..errors import AuthenticationError, ZohoBooksError
from ..secrets import Secret
from .base import AccessToken, TokenProvider
from .flight import SingleFlight


class ProvidedToken:
    """Asks ``provider`` for a token when none is held, when it is due, or after Zoho rejected it.

    ``provider`` returns a ``str`` (kept until Zoho rejects it) or an :class:`AccessToken`
    with ``expires_in`` (asked for again ``refresh_ahead`` seconds before, at most a quarter of
    its lifetime early). Concurrent callers share one call to ``provider``.

    ``ZohoBooks(token_source=fetch_token, ...)`` wraps an async function in this class.
    """

    def __init__(
        self,
        provider: TokenProvider,
        *,
        refresh_ahead: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._provider = provider
        self._refresh_ahead = refresh_ahead
        self._clock = clock
        self._token: Secret | None = None
        self._refresh_at: float | None = None
        self._rejected: Secret | None = None
        self._flight: SingleFlight[Secret] = SingleFlight()

    async def access_token(self) -> str:
        """The held token, or a new one from the provider."""
        token = self._token
        if token is not None and (self._refresh_at is None or self._clock() < self._refresh_at):
            return token.reveal()
        return (await self._flight.run(self._obtain)).reveal()

    async def _obtain(self) -> Secret:
        started = self._clock()
        try:
            answer = await self._provider()
        except ZohoBooksError:
            raise
        except Exception as exc:
            raise AuthenticationError(
                f"the token provider failed with {type(exc).__name__}; see the exception's cause"
            ) from exc
        if not isinstance(answer, str | AccessToken):
            raise AuthenticationError(
                f"the token provider returned a {type(answer).__name__}, not a str or AccessToken"
            )
        given = answer if isinstance(answer, AccessToken) else AccessToken(answer)
        if not given.token.reveal().strip():
            raise AuthenticationError("the token provider returned an empty token")
        self._token = given.token
        if given.expires_in is None:
            self._refresh_at = None
        else:
            ahead = min(self._refresh_ahead, given.expires_in / 4)
            self._refresh_at = started + given.expires_in - ahead
        if given.token == self._rejected:
            # The call Zoho refused is not replayed with the same token; but the token is held
            # again, so later calls use it (the refusal may have been one endpoint's scope).
            self._rejected = None
            raise AuthenticationError("the token provider returned the token Zoho just rejected")
        return given.token

    async def invalidate(self, token: str) -> bool:
        """Drop ``token`` so the provider is asked again."""
        held = self._token
        if held is not None and held.reveal() == token:
            self._token = None
            self._rejected = held
        return True

    async def close(self) -> None:
        """Stop a provider call in progress."""
        await self._flight.close()

    def __repr__(self) -> str:
        return f"ProvidedToken({getattr(self._provider, '__qualname__', 'provider')})"
