"""OAuth refresh-token flow: mint access tokens from Zoho's accounts server, share and reuse them.

Zoho lets one refresh token mint only 10 access tokens per 10 minutes, so this source works hard
to ask rarely:

* a token is reused until shortly before it expires (``refresh_ahead``), then refreshed once;
* concurrent callers that need a new token share one request (single-flight), and with a shared
  :class:`~zbooks_async.auth.store.TokenStore` (Redis) so do all processes;
* a failed mint (revoked token, wrong secret, "too many requests") is raised to every waiter and
  remembered for ``retry_failed_after`` seconds, during which nobody asks again;
* a token Zoho rejects is replaced, but at most ``max_replacements`` times per
  ``replacement_window`` seconds: a token refused for a missing scope or permission would be
  refused again, and replacing it on every such call would spend the whole mint budget;
* at most 10 tokens are minted per 10 minutes per refresh token, counted in the store, so
  across every process that shares it; past that, :class:`TokenUnavailable` says how long to
  wait, without asking Zoho.

Failures are typed: rejected credentials (``invalid_code``, a wrong client secret) are an
:class:`AuthenticationError`; a failing, slow or garbled accounts server and Zoho's "too many
requests" (HTTP 200 or 400 with ``{"error": "Access Denied"}``) are a transient
:class:`TokenUnavailable` (a ``TransportError``: nothing was sent to the API).

Tokens and secrets are only sent to the accounts server of the configured data center over
HTTPS, or to the ``accounts_url`` the caller chose, and never appear in reprs, logs or errors.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from yarl import URL

from ..datacenters import DataCenter
from ..datacenters import data_center as lookup_data_center
from ..errors import (
    AuthenticationError,
    ConfigurationError,
    TokenUnavailable,
    TransportError,
    ZohoBooksError,
)
from ..pipeline.values import FormBody, Request
from ..secrets import Secret
from ..transport.aiohttp_transport import AiohttpTransport
from ..transport.base import Transport
from .flight import SingleFlight
from .store import MemoryTokenStore, StoredToken, TokenStore

logger = logging.getLogger("zbooks_async.auth")

TOKEN_PATH = "/oauth/v2/token"
DEFAULT_LIFETIME = 3600.0
_FIRST_TRANSIENT_PAUSE = 1.0
_LONGEST_TRANSIENT_PAUSE = 30.0
MINTS_PER_WINDOW = 10
"""Zoho mints at most 10 access tokens per refresh token per ``MINT_WINDOW`` seconds."""
MINT_WINDOW = 600.0
_THROTTLED_MARK = "[throttled] "  # prefixes a shared failure that is Zoho's "too many requests"


class _Failure(enum.Enum):
    REJECTED = "rejected"  # the credentials: retrying will not help soon
    THROTTLED = "throttled"  # Zoho said: too many mints for this refresh token
    BUDGET = "budget"  # our own count says Zoho's cap is reached: not asked
    REFUSED = "refused"  # we refused the answer (api_domain of another data center)
    TRANSIENT = "transient"  # network, 5xx, garbled answer


class _MintFailed(Exception):
    def __init__(self, error: ZohoBooksError, kind: _Failure) -> None:
        super().__init__(error.message)
        self.error = error
        self.kind = kind


class RefreshTokenSource:
    """Access tokens minted from a refresh token (Zoho's ``refresh_token`` grant).

    ``RefreshTokenSource(client_id="1000.X", client_secret="...", refresh_token="1000.r...",
    data_center="eu")`` posts to ``https://accounts.zoho.eu/oauth/v2/token``;
    ``accounts_url="http://127.0.0.1:9000"`` overrides the server root. ``check_api_domain``
    refuses an answer whose ``api_domain`` is not the data center's API host (turn it off when
    you chose ``base_url`` yourself). ``store`` shares tokens (default: this process only);
    ``transport`` sends the token requests (default: a private aiohttp session).
    ``clock`` gives epoch seconds.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str | Secret,
        refresh_token: str | Secret,
        data_center: str | DataCenter = "com",
        accounts_url: str | None = None,
        check_api_domain: bool = True,
        store: TokenStore | None = None,
        transport: Transport | None = None,
        refresh_ahead: float = 300.0,
        max_replacements: int = 3,
        replacement_window: float = 600.0,
        retry_failed_after: float = 60.0,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not isinstance(client_id, str) or not client_id.strip():
            raise ConfigurationError("client_id is empty")
        self._client_secret = _secret("client_secret", client_secret)
        self._refresh_token = _secret("refresh_token", refresh_token)
        self._client_id = client_id
        self._dc = (
            data_center if isinstance(data_center, DataCenter) else lookup_data_center(data_center)
        )
        self._accounts_url = _accounts_root(accounts_url, self._dc)
        self._check_api_domain = check_api_domain
        self._store: TokenStore = store if store is not None else MemoryTokenStore(clock=clock)
        self._transport: Transport = transport or AiohttpTransport()
        self._owns_transport = transport is None
        self._refresh_ahead = refresh_ahead
        self._max_replacements = max_replacements
        self._replacement_window = replacement_window
        self._replacements: deque[float] = deque()
        self._retry_failed_after = retry_failed_after
        self._timeout = timeout
        self._clock = clock
        self._mint_times: deque[float] = deque()  # for a store without reserve_mint
        self._key = hashlib.sha256(
            "\0".join(
                (self._accounts_url, client_id, self._refresh_token.reveal())
            ).encode()
        ).hexdigest()[:32]
        self._record: StoredToken | None = None
        self._flight: SingleFlight[StoredToken] = SingleFlight()
        self._failed: ZohoBooksError | None = None
        self._failed_until = 0.0
        self._transient_pause = _FIRST_TRANSIENT_PAUSE
        self.mints = 0
        """How many tokens this source has minted (for tests and monitoring)."""

    @property
    def accounts_url(self) -> str:
        """The root of the accounts server tokens are minted at."""
        return self._accounts_url

    async def access_token(self) -> str:
        """The current token; refreshed first (once, for all callers) when it is due."""
        record = self._record
        if record is not None and self._clock() < record.refresh_at:
            return record.access_token.reveal()
        record = await self._flight.run(self._obtain)
        return record.access_token.reveal()

    async def invalidate(self, token: str) -> bool:
        """Zoho rejected ``token``: drop it so the next call mints a new one, unless tokens
        were already replaced ``max_replacements`` times within ``replacement_window``."""
        record = self._record
        if record is None or record.access_token.reveal() != token:
            return True  # a newer token is already at hand, or will be minted
        now = self._clock()
        while self._replacements and self._replacements[0] <= now - self._replacement_window:
            self._replacements.popleft()
        if len(self._replacements) >= self._max_replacements:
            logger.warning(
                "Zoho rejected the access token again; it was already replaced %d times in "
                "%.0f s, so it is kept: a missing scope or permission is likelier than expiry",
                len(self._replacements),
                self._replacement_window,
            )
            return False
        self._replacements.append(now)
        self._record = None
        await self._store.discard(self._key, token)
        return True

    async def close(self) -> None:
        """Stop a refresh in progress and release the store and the private transport."""
        await self._flight.close()
        await self._store.close()
        if self._owns_transport:
            await self._transport.close()

    async def _obtain(self) -> StoredToken:
        try:
            return await self._fresh_token()
        except ZohoBooksError:
            record = self._record
            if record is not None and self._clock() < _last_usable_moment(record):
                return record  # the refresh failed, but the current token has not expired yet
            raise

    async def _fresh_token(self) -> StoredToken:
        stored = await self._store.get(self._key)
        if stored is not None and self._clock() < stored.refresh_at:
            self._record = stored
            return stored
        earlier = self._failed
        if earlier is not None and self._clock() < self._failed_until:
            # A fresh exception each time: re-raising one instance would grow its traceback.
            raise _again(earlier, self._failed_until - self._clock())
        async with self._store.refresh_lock(self._key):
            stored = await self._store.get(self._key)
            if stored is not None and self._clock() < stored.refresh_at:
                self._record = stored  # another process refreshed while we waited
                return stored
            message = await self._store.failure(self._key)
            if message is not None:
                error = _shared_failure(message)
                self._remember(error, self._retry_failed_after)
                raise error
            try:
                await self._reserve_mint()
                record = await self._mint()
            except _MintFailed as failed:
                await self._record_failure(failed)
                raise failed.error from failed.__cause__
            logger.info("minted an access token; it expires in %.0f s", record.expires_at - record.minted_at)
            await self._store.put(self._key, record)
        self._record = record
        self._failed = None
        self._transient_pause = _FIRST_TRANSIENT_PAUSE
        return record

    async def _record_failure(self, failed: _MintFailed) -> None:
        logger.warning("minting an access token failed: %s", failed.error.message)
        if failed.kind is _Failure.TRANSIENT:
            self._remember(failed.error, self._transient_pause)
            self._transient_pause = min(self._transient_pause * 2, _LONGEST_TRANSIENT_PAUSE)
            return
        if failed.kind is _Failure.BUDGET:
            wait = getattr(failed.error, "retry_after", None) or self._retry_failed_after
            self._remember(failed.error, wait)  # the store's count already tells the others
            return
        self._remember(failed.error, self._retry_failed_after)
        mark = _THROTTLED_MARK if failed.kind is _Failure.THROTTLED else ""
        await self._store.record_failure(
            self._key, mark + failed.error.message, self._retry_failed_after
        )

    async def _reserve_mint(self) -> None:
        """Count this mint against Zoho's cap, or raise (kind BUDGET) when the cap is reached."""
        reserve = getattr(self._store, "reserve_mint", None)
        if reserve is not None:
            wait: float = await reserve(self._key, MINTS_PER_WINDOW, MINT_WINDOW)
        else:
            now = self._clock()
            times = self._mint_times
            while times and times[0] <= now - MINT_WINDOW:
                times.popleft()
            wait = times[0] + MINT_WINDOW - now if len(times) >= MINTS_PER_WINDOW else 0.0
            if wait <= 0:
                times.append(now)
        if wait > 0:
            error = TokenUnavailable(
                f"{MINTS_PER_WINDOW} access tokens were minted for this refresh token in the last "
                f"{MINT_WINDOW / 60:.0f} minutes, Zoho's cap; the next may be minted in "
                f"{wait:.0f} s. Share tokens between processes with token_store= or redis_url=",
                retry_after=wait,
            )
            raise _MintFailed(error, _Failure.BUDGET)

    def _remember(self, error: ZohoBooksError, seconds: float) -> None:
        self._failed = error
        self._failed_until = self._clock() + seconds

    async def _mint(self) -> StoredToken:
        request = Request(
            method="POST",
            base_url=self._accounts_url,
            path=TOKEN_PATH,
            body=FormBody(
                fields=(
                    ("grant_type", "refresh_token"),
                    ("client_id", self._client_id),
                    ("client_secret", self._client_secret.reveal()),
                    ("refresh_token", self._refresh_token.reveal()),
                )
            ),
        )
        started = self._clock()
        self.mints += 1
        try:
            response = await self._transport.send(request, timeout=self._timeout)
        except TransportError as exc:
            raise self._failure(
                f"could not reach the Zoho accounts server: {exc.message}", _Failure.TRANSIENT
            ) from exc
        data = _json_object(response.body)
        if data is None:
            kind = _Failure.TRANSIENT
            raise self._failure(
                f"the accounts server answered HTTP {response.status} without a JSON object",
                kind,
                http_status=response.status,
            )
        if "error" in data or response.status >= 400:
            raise self._refusal(response.status, data)
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise self._failure(
                "the accounts server answered without an access_token",
                _Failure.TRANSIENT,
                http_status=response.status,
            )
        self._check_domain(data.get("api_domain"))
        lifetime = _lifetime(data.get("expires_in"))
        ahead = min(self._refresh_ahead, lifetime / 4)
        return StoredToken(
            access_token=Secret(token),
            expires_at=started + lifetime,
            refresh_at=started + lifetime - ahead,
            minted_at=started,
        )

    def _refusal(self, status: int, data: dict[str, Any]) -> _MintFailed:
        error = _short(data.get("error")) or f"HTTP {status}"
        description = _short(data.get("error_description"))
        said = f"{error} ({description})" if description else error
        pause = f"not asking again for {self._retry_failed_after:.0f} s"
        if status == 429 or "too many" in said.lower() or error.lower() == "access denied":
            return self._failure(
                f"the Zoho accounts server refused to mint an access token: {said}. Zoho allows "
                f"10 tokens per refresh token per 10 minutes; share them between processes with "
                f"token_store= or redis_url=. {pause}",
                _Failure.THROTTLED,
                http_status=status,
            )
        if status >= 500:
            return self._failure(
                f"the Zoho accounts server failed: {said}", _Failure.TRANSIENT, http_status=status
            )
        return self._failure(
            f"the Zoho accounts server at {self._accounts_url} refused the refresh token: {said}. "
            f"The refresh token may be revoked or expired, client_id/client_secret may be wrong, "
            f"or they belong to another data center than {self._dc.code!r}; {pause}",
            _Failure.REJECTED,
            http_status=status,
        )

    def _check_domain(self, api_domain: object) -> None:
        if not self._check_api_domain or api_domain is None:
            return
        expected = f"https://{self._dc.api_host}"
        url = URL(str(api_domain))
        if url.scheme == "https" and url.host == self._dc.api_host and url.path in ("", "/"):
            if url.explicit_port in (None, 443):
                return
        shown = _short(api_domain)
        error = ConfigurationError(
            f"the accounts server answered api_domain {shown}, which is not the API of data "
            f"center {self._dc.code!r} ({expected}); no token is sent there. Pass the right "
            f"data_center=, or base_url= to choose the API server yourself"
        )
        raise _MintFailed(error, _Failure.REFUSED)

    def _failure(
        self, message: str, kind: _Failure, *, http_status: int | None = None
    ) -> _MintFailed:
        error: ZohoBooksError
        if kind is _Failure.REJECTED:
            error = AuthenticationError(message, http_status=http_status)
        else:  # transient: the credentials were not rejected
            retry_after = self._retry_failed_after if kind is _Failure.THROTTLED else None
            error = TokenUnavailable(message, retry_after=retry_after, http_status=http_status)
        return _MintFailed(error, kind)

    def __repr__(self) -> str:
        return (
            f"RefreshTokenSource(client_id={self._client_id!r}, "
            f"accounts_url={self._accounts_url!r}, store={self._store!r})"
        )


def _again(error: ZohoBooksError, left: float) -> ZohoBooksError:
    """A new instance of a remembered failure, for the next caller."""
    if isinstance(error, TokenUnavailable):
        return TokenUnavailable(error.message, retry_after=left, http_status=error.http_status)
    if isinstance(error, ConfigurationError):
        return ConfigurationError(error.message)
    return AuthenticationError(error.message, code=error.code, http_status=error.http_status)


def _shared_failure(message: str) -> ZohoBooksError:
    """The error for a failed mint another user of the store recorded."""
    if message.startswith(_THROTTLED_MARK):
        return TokenUnavailable(message[len(_THROTTLED_MARK) :])
    return AuthenticationError(message)


def _secret(name: str, value: str | Secret) -> Secret:
    secret = value if isinstance(value, Secret) else Secret(value)
    if not secret.reveal().strip():
        raise ConfigurationError(f"{name} is empty")
    return secret


def _accounts_root(accounts_url: str | None, dc: DataCenter) -> str:
    if accounts_url is None:
        return dc.accounts_url
    url = URL(accounts_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"accounts_url must be an absolute http(s) URL such as https://accounts.zoho.eu, "
            f"got {accounts_url!r}"
        )
    if url.user is not None or url.password is not None or url.query_string or url.fragment:
        raise ConfigurationError("accounts_url must not carry credentials, a query or a fragment")
    return accounts_url.rstrip("/")


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _lifetime(expires_in: object) -> float:
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) and expires_in > 0:
        return float(expires_in)
    if isinstance(expires_in, str):
        try:
            value = float(expires_in)
        except ValueError:
            return DEFAULT_LIFETIME
        return value if value > 0 else DEFAULT_LIFETIME
    return DEFAULT_LIFETIME


def _last_usable_moment(record: StoredToken) -> float:
    lifetime = record.expires_at - record.minted_at
    return record.expires_at - min(5.0, lifetime / 20)


def _short(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "..."
