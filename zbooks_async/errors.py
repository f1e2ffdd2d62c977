"""The exception hierarchy of zbooks_async and the mapping from Zoho answers to it.

Every failure a caller can meet is a :class:`ZohoBooksError`, except ``ValueError`` and
``TypeError`` for bad arguments, which are raised before any request is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

# Answer headers an error never keeps: they can carry session cookies or credentials.
_SECRET_HEADERS = frozenset({"set-cookie", "cookie", "authorization", "proxy-authorization"})
# Zoho documents no request-id header; these are the ones proxies and gateways commonly add.
REQUEST_ID_HEADERS = ("X-Request-Id", "X-Correlation-Id")


class ZohoBooksError(Exception):
    """Base class of every error the SDK raises about a request or its answer.

    Carries Zoho's ``code`` and ``message``, the HTTP status (``http_status``), and the
    ``method`` and ``path`` of the request (never the request's headers, so never the token).
    When there was an answer, ``headers`` holds its headers (cookies left out) and
    ``request_id`` the request id a gateway put in them, if any; both are empty otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        http_status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.method = method
        self.path = path
        self.headers: dict[str, str] = _kept_headers(headers)
        self.request_id: str | None = _request_id(self.headers)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt without __init__ (subclasses take required keyword-only arguments), so an
        # error crosses to another process (multiprocessing, job queues) with every field.
        return (_rebuilt, (type(self), self.args, self.__dict__.copy()))

    def __str__(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        details = []
        if self.http_status is not None:
            details.append(f"HTTP {self.http_status}")
        if self.code is not None:
            details.append(f"code {self.code}")
        request_id = getattr(self, "request_id", None)  # absent on an error unpickled from before
        if request_id is not None:
            details.append(f"request id {request_id}")
        suffix = f" ({', '.join(details)})" if details else ""
        return f"{where}{self.message}{suffix}"


def _kept_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    if not headers:
        return {}
    return {str(k): str(v) for k, v in headers.items() if str(k).lower() not in _SECRET_HEADERS}


def _request_id(headers: Mapping[str, str]) -> str | None:
    if not headers:
        return None
    lowered = {key.lower(): value for key, value in headers.items()}
    for name in REQUEST_ID_HEADERS:
        value = lowered.get(name.lower())
        if value:
            return value
    return None


def _rebuilt(
    cls: type[ZohoBooksError], args: tuple[Any, ...], state: dict[str, Any]
) -> ZohoBooksError:
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


class ConfigurationError(ZohoBooksError, ValueError):
    """The client was set up in a way that cannot work (e.g. no organization id)."""


class ApiError(ZohoBooksError):
    """Zoho answered, and the answer is an error (HTTP >= 400 or ``code != 0``)."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        http_status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        body: Mapping[str, Any] | None = None,
        retry_after: float | None = None,
        headers: Mapping[str, str] | None = None,
        rate_limit_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            message, code=code, http_status=http_status, method=method, path=path, headers=headers
        )
        self.body = body
        self.retry_after = retry_after
        # Only Zoho's X-Rate-Limit-* budget headers are kept: never a cookie or other header.
        self.rate_limit_headers: Mapping[str, str] = (
            {k: v for k, v in rate_limit_headers.items() if k.lower().startswith("x-rate-limit-")}
            if rate_limit_headers
            else {}
        )


class AuthenticationError(ApiError):
    """The access token is missing, invalid or expired, or a token could not be minted."""


class PermissionDenied(ApiError):
    """The token is valid but lacks the scope or the user lacks the permission."""


class TokenExpiredError(AuthenticationError):
    """Zoho refused the access token as expired or revoked, and a new one can be minted.

    The retry loop replaces the token and sends the call again at once, so a caller sees this
    only when that was impossible (a body streamed from an async iterable cannot be resent) or
    the new token was refused too.
    """


class MissingScopeError(PermissionDenied, AuthenticationError):
    """A freshly minted access token was refused (401 code 57): it lacks the operation's scope.

    ``scope`` names the OAuth scope the operation needs (e.g. ``ZohoBooks.contacts.READ``).
    Zoho answers a missing scope exactly as an expired token, so the SDK tells them apart by the
    token's age; no new token is minted for this refusal. Fix: authorize the refresh token with
    that scope (or ``ZohoBooks.fullaccess.all``).
    """

    def __init__(
        self,
        message: str,
        *,
        scope: str | None,
        code: int | None = None,
        http_status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(
            message, code=code, http_status=http_status, method=method, path=path, body=body
        )
        self.scope = scope


class NotFoundError(ApiError):
    """The resource does not exist (Zoho code 1002, or HTTP 404)."""


class ValidationError(ApiError):
    """Zoho rejected the request's content (HTTP 400/405/422, e.g. a duplicate name)."""


class RateLimitError(ApiError):
    """Zoho throttled the request (HTTP 429). ``code`` says which limit: 44, 1070 or 45.

    ``retry_after`` is the wait Zoho (or a proxy) asked for, in seconds, when it said one. A
    wait longer than the limit can mean (the minute window for code 44, a few seconds for 1070)
    or than the call's deadline is not slept: the call fails with it attached.
    """


class RateLimitWaitTooLong(RateLimitError):
    """The rate limiter would hold the call longer than it may wait; nothing was sent.

    Raised before sending when the call's deadline (``RequestOptions(deadline=...)``) leaves
    less time than the limiter needs, or the call said ``RequestOptions(wait=False)`` and no
    slot is free now. ``wait`` is how many seconds the limiter would have held it (``None``
    when the limiter cannot know: every slot is held by a request still running).
    """

    def __init__(
        self,
        message: str,
        *,
        wait: float | None,
        code: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, code=code, method=method, path=path, retry_after=wait)
        self.wait = wait


class DailyLimitExceeded(RateLimitError):
    """The organization's daily API budget is spent (code 45); retrying today is pointless.

    ``renews_at`` (an aware datetime) is when the budget renews, and ``retry_after`` the
    seconds until then, when known (from Zoho's ``X-Rate-Limit-Reset`` header).
    """

    renews_at: datetime | None = None


class ServerError(ApiError):
    """Zoho, or a proxy in front of it, failed (HTTP 5xx)."""


class MalformedResponseError(ZohoBooksError):
    """The answer could not be read: not JSON, not the Zoho envelope, or a field of the wrong type."""


class TransportError(ZohoBooksError):
    """The request could not be completed on the network (refused, reset, timed out).

    ``may_have_reached_server`` is False only when the request surely never left (for example
    the connection could not be opened); then even a POST can be sent again safely.
    """

    def __init__(
        self,
        message: str,
        *,
        may_have_reached_server: bool,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.may_have_reached_server = may_have_reached_server


class DeadlineExceeded(TransportError):
    """The call's deadline (``RequestOptions(deadline=...)``) passed before an answer came.

    ``may_have_reached_server`` says whether a request had been sent. A write that had been
    sent ends as :class:`OutcomeUnknownError` instead, never as this.
    """


class TokenUnavailable(TransportError):
    """No access token could be had for now, so the request was not sent.

    The accounts server failed or timed out, answered something that is not a token, or
    refused to mint more tokens for a while (Zoho allows 10 per refresh token per 10 minutes).
    Transient: the credentials were not rejected. ``retry_after`` says how long to wait, when
    known.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        http_status: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, may_have_reached_server=False, method=method, path=path)
        self.http_status = http_status
        self.retry_after = retry_after


class OutcomeUnknownError(ZohoBooksError):
    """A write may or may not have happened: its answer was lost or was a server failure.

    The SDK never replays such a request on its own. Look the record up before trying again.
    """


class ClientClosedError(ZohoBooksError):
    """The session was closed while the call was waiting or in flight."""


class ClosedDuringWrite(ClientClosedError, OutcomeUnknownError):
    """The session was closed while a write it had already sent was in flight.

    Both a :class:`ClientClosedError` and an :class:`OutcomeUnknownError`: Zoho may or may not
    have applied the write, so look the record up before sending it again.
    """


RATE_LIMIT_CODES = frozenset({44, 45, 1070})
DAILY_LIMIT_CODE = 45
AUTH_CODES = frozenset({14, 57})
NOT_FOUND_CODES = frozenset({5, 1002})


def error_for_answer(
    *,
    http_status: int,
    code: int | None,
    message: str,
    method: str,
    path: str,
    body: Mapping[str, Any] | None = None,
    retry_after: float | None = None,
    headers: Mapping[str, str] | None = None,
    rate_limit_headers: Mapping[str, str] | None = None,
) -> ApiError:
    """Build the exception for an error answer, chosen by Zoho ``code`` first, then HTTP status."""
    cls: type[ApiError]
    if code == DAILY_LIMIT_CODE:
        cls = DailyLimitExceeded
    elif http_status == 429 or code in RATE_LIMIT_CODES:
        cls = RateLimitError
    elif http_status == 401 or code in AUTH_CODES:
        cls = AuthenticationError
    elif http_status == 403:
        cls = PermissionDenied
    elif http_status == 404 or code in NOT_FOUND_CODES:
        cls = NotFoundError
    elif http_status >= 500:
        cls = ServerError
    elif http_status in (400, 405, 409, 422) or http_status < 400:
        cls = ValidationError
    else:
        cls = ApiError
    return cls(
        message,
        code=code,
        http_status=http_status,
        method=method,
        path=path,
        body=body,
        retry_after=retry_after,
        headers=headers,
        rate_limit_headers=rate_limit_headers,
    )
