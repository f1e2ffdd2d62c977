"""Access-token bookkeeping: which tokens the API accepts, minting, expiry and revocation."""

from __future__ import annotations

import secrets
from collections import deque

from .config import SandboxConfig

HEADER_PREFIX = "Zoho-oauthtoken "


class MintRefused(Exception):
    """The accounts server refuses to mint; ``error`` is Zoho's error string."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.description = description


class Tokens:
    """The token state of one sandbox.

    Tokens minted here expire after ``token_lifetime_seconds``. Other tokens are
    accepted when listed in ``config.access_tokens`` (or, when that is None, when
    non-empty) until ``expire_all`` marks every token seen so far as expired.
    Each token holds a set of OAuth scopes: those it was minted with, those ``grant``
    gave it, else ``config.scopes`` (None meaning every scope).
    """

    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self._minted: dict[str, float] = {}
        self._scopes: dict[str, frozenset[str]] = {}
        self._seen: set[str] = set()
        self._expired: set[str] = set()
        self._mints: deque[float] = deque()
        self.refresh_token_revoked = False

    def token_from_header(self, header: str | None) -> str | None:
        """Extract the token from an ``Authorization: Zoho-oauthtoken <token>`` header."""
        if not header or not header.startswith(HEADER_PREFIX):
            return None
        token = header[len(HEADER_PREFIX):].strip()
        return token or None

    def is_valid(self, token: str | None) -> bool:
        """True when an API request carrying ``token`` may proceed."""
        if not token or token in self._expired:
            return False
        expires_at = self._minted.get(token)
        if expires_at is not None:
            return self._config.clock() < expires_at
        allowed = self._config.access_tokens
        if allowed is not None and token not in allowed:
            return False
        self._seen.add(token)
        return True

    def scopes_of(self, token: str) -> frozenset[str] | None:
        """The scopes a token holds (None: every scope)."""
        return self._scopes.get(token, self._config.scopes)

    def grant(self, token: str, scopes: frozenset[str] | None) -> None:
        """Give ``token`` exactly ``scopes`` (None: every scope), e.g. for a fixed test token."""
        if scopes is None:
            self._scopes.pop(token, None)
            if self._config.scopes is not None:
                self._scopes[token] = frozenset({"ZohoBooks.fullaccess.all"})
        else:
            self._scopes[token] = frozenset(scopes)

    def mint(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        scopes: frozenset[str] | None = None,
    ) -> str:
        """Issue a new access token for the refresh-token grant, or raise ``MintRefused``.

        ``scopes`` (from the request's ``scope`` field) limit what the token may do;
        without them it gets ``config.scopes``.
        """
        config = self._config
        if (
            client_id != config.client_id
            or client_secret != config.client_secret
            or refresh_token != config.refresh_token
            or self.refresh_token_revoked
        ):
            raise MintRefused("invalid_code")
        now = config.clock()
        while self._mints and self._mints[0] <= now - config.mint_window_seconds:
            self._mints.popleft()
        if len(self._mints) >= config.mint_limit:
            raise MintRefused(
                "Access Denied",
                "You have made too many requests continuously. "
                "Please try again after some time.",
            )
        self._mints.append(now)
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        self._minted[token] = now + config.token_lifetime_seconds
        if scopes is not None:
            self._scopes[token] = scopes
        return token

    def expire_all(self) -> None:
        """Make every token minted or accepted so far fail with 401 code 57."""
        self._expired.update(self._minted)
        self._expired.update(self._seen)
        if self._config.access_tokens is not None:
            self._expired.update(self._config.access_tokens)
        self._minted.clear()
        self._seen.clear()

    def revoke_refresh_token(self) -> None:
        """Make further mints fail with ``invalid_code`` (existing access tokens stay valid)."""
        self.refresh_token_revoked = True
