"""The values that travel through the request pipeline: requests, bodies, options, responses.

They are frozen: a stage that needs a different request builds a new one with ``attrs.evolve``.
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterable, Mapping
from pathlib import Path
from typing import Any

import attrs

_DIGITS = re.compile(r"[0-9]{1,30}")
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_SECRET_HEADERS = frozenset({"authorization"})
_SECRET_FIELDS = frozenset({"client_secret", "refresh_token", "access_token", "code", "password"})


@attrs.frozen
class JsonBody:
    """A JSON request body; ``data`` is already unstructured (dicts, lists, str, Decimal...)."""

    data: Any


def _redacted_fields(fields: tuple[tuple[str, str], ...]) -> str:
    shown = [(k, "<redacted>" if k.lower() in _SECRET_FIELDS else v) for k, v in fields]
    return repr(tuple(shown))


@attrs.frozen
class FormBody:
    """An ``application/x-www-form-urlencoded`` request body.

    ``repr`` hides the values of OAuth credential fields (the token request's client secret
    and refresh token), so a transport that logs its requests shows none.
    """

    fields: tuple[tuple[str, str], ...] = attrs.field(repr=_redacted_fields)


@attrs.frozen
class FilePart:
    """One file of a multipart body: bytes, a path on disk, or an async stream of chunks."""

    name: str
    content: bytes | Path | AsyncIterable[bytes]
    filename: str
    content_type: str = "application/octet-stream"


@attrs.frozen
class MultipartBody:
    """A ``multipart/form-data`` body of plain fields and files."""

    fields: tuple[tuple[str, str], ...] = ()
    files: tuple[FilePart, ...] = ()


Body = JsonBody | FormBody | MultipartBody


def _check_timeout(_: object, __: object, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"timeout must be a number of seconds or None, got {value!r}")
    if not 0 < value < math.inf:
        raise ValueError(f"timeout must be a positive number of seconds, got {value!r}")


def _check_deadline(_: object, __: object, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"deadline must be a number of seconds or None, got {value!r}")
    if not 0 < value < math.inf:
        raise ValueError(f"deadline must be a positive, finite number of seconds, got {value!r}")


def _check_switch(_: object, attribute: attrs.Attribute[Any], value: bool | None) -> None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be True, False or None, got {value!r}")


def _check_max_retries(_: object, __: object, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_retries must be an int or None, got {value!r}")
    if value < 0:
        raise ValueError(f"max_retries must be 0 or more, got {value}")


def _check_organization(_: object, __: object, value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not _DIGITS.fullmatch(value)):
        raise ValueError(f"organization_id must be a string of digits, got {value!r}")


@attrs.frozen
class RequestOptions:
    """Per-call settings that override the session's; ``None`` means "use the session's".

    ``timeout`` bounds one attempt; ``deadline`` bounds the whole call, in seconds from the
    moment it starts: the rate limiter's wait, every attempt and the pauses between them (each
    attempt gets at most the time left). When the limiter knows it would hold the call longer
    than what is left, the call fails at once with
    :class:`~zbooks_async.errors.RateLimitWaitTooLong`, nothing sent. ``wait=False`` means
    "do not queue": fail the same way unless the limiter admits the call now. ``strict=True``
    reads the answer strictly: a value that does not fit its model's type fails the read
    (``MalformedResponseError`` naming every such field) instead of being kept as it came.

    Checked when built: ``timeout`` and ``deadline`` are positive numbers of seconds,
    ``max_retries`` an int of 0 or more, ``organization_id`` a string of digits, ``wait`` a
    bool (else ValueError/TypeError).
    """

    timeout: float | None = attrs.field(default=None, validator=_check_timeout)
    max_retries: int | None = attrs.field(default=None, validator=_check_max_retries)
    organization_id: str | None = attrs.field(default=None, validator=_check_organization)
    deadline: float | None = attrs.field(default=None, validator=_check_deadline)
    wait: bool | None = attrs.field(default=None, validator=_check_switch)
    strict: bool | None = attrs.field(default=None, validator=_check_switch)

    def merged_over(self, defaults: RequestOptions) -> RequestOptions:
        """These options, with unset fields taken from ``defaults``."""
        if self is NO_OPTIONS:
            return defaults
        return RequestOptions(
            timeout=self.timeout if self.timeout is not None else defaults.timeout,
            max_retries=self.max_retries if self.max_retries is not None else defaults.max_retries,
            organization_id=self.organization_id
            if self.organization_id is not None
            else defaults.organization_id,
            deadline=self.deadline if self.deadline is not None else defaults.deadline,
            wait=self.wait if self.wait is not None else defaults.wait,
            strict=self.strict if self.strict is not None else defaults.strict,
        )


NO_OPTIONS = RequestOptions()


def _redacted_headers(headers: tuple[tuple[str, str], ...]) -> str:
    shown = [(k, "<redacted>" if k.lower() in _SECRET_HEADERS else v) for k, v in headers]
    return repr(shown)


# Not slotted: a frozen attrs class with a __dict__ is built about twice as fast (its __init__
# writes the dict instead of calling object.__setattr__ per field), and a few are built per call.
@attrs.frozen(slots=False)
class Request:
    """One API request as the pipeline sees it. ``repr`` never shows the token.

    With ``download_to`` set, a transport that can stream writes a successful non-JSON answer
    to that file chunk by chunk (``Response.saved_to``); one that cannot returns the bytes.
    """

    method: str
    base_url: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_redacted_headers)
    body: Body | None = None
    options: RequestOptions = RequestOptions()
    idempotent: bool | None = None
    expects_bytes: bool = False
    #: A file a successful binary answer is streamed into; the Response body is then empty.
    download_to: Path | None = None
    #: The OAuth scope the operation needs, named in the error when a token lacks it.
    scope: str | None = None
    #: When the call must be over, in ``time.monotonic()`` seconds (from ``options.deadline``).
    deadline_at: float | None = None
    #: Set by the retry loop once Zoho refused this call's token and it was replaced: a new
    #: refusal then means a missing scope, not expiry.
    token_replaced: bool = False
    #: False for a call Zoho answers without an organization (``organizations.list``): the
    #: organization stage then adds ``organization_id`` only when one is set.
    needs_organization: bool = True

    @property
    def url(self) -> str:
        """The full URL without the query string."""
        return self.base_url.rstrip("/") + self.path

    @property
    def is_idempotent(self) -> bool:
        """Whether sending this request twice has the same effect as sending it once."""
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in IDEMPOTENT_METHODS

    @property
    def can_be_resent(self) -> bool:
        """False when the body holds a file given as an async stream: it can be read only once."""
        body = self.body
        if not isinstance(body, MultipartBody):
            return True
        return all(isinstance(part.content, bytes | Path) for part in body.files)

    def with_header(self, name: str, value: str) -> Request:
        """A copy with ``name`` set to ``value`` (replacing any previous value)."""
        if not self.headers:  # the usual case: no generator, no lower()
            return self._replaced(self.query, ((name, value),))
        lowered = name.lower()
        kept = [(k, v) for k, v in self.headers if k.lower() != lowered]
        return self._replaced(self.query, (*kept, (name, value)))

    def with_query(self, name: str, value: str) -> Request:
        """A copy with query parameter ``name`` set to ``value`` (replacing any previous value)."""
        if not self.query:
            return self._replaced(((name, value),), self.headers)
        kept = [(k, v) for k, v in self.query if k != name]
        return self._replaced((*kept, (name, value)), self.headers)

    def _replaced(self, query: tuple[tuple[str, str], ...], headers: tuple[tuple[str, str], ...]) -> Request:
        # attrs' own __init__, called positionally: 0.9 us, against 2.2 us with keywords and
        # 4.0 us through attrs.evolve (twice per call). test_values checks every field is copied.
        return Request(
            self.method,
            self.base_url,
            self.path,
            query,
            headers,
            self.body,
            self.options,
            self.idempotent,
            self.expects_bytes,
            self.download_to,
            self.scope,
            self.deadline_at,
            self.token_replaced,
            self.needs_organization,
        )

    def query_value(self, name: str) -> str | None:
        """The value of query parameter ``name``, if present."""
        for key, value in self.query:
            if key == name:
                return value
        return None


@attrs.frozen(slots=False)  # built per call, like Request
class Response:
    """An HTTP answer; ``data`` is the decoded JSON envelope once the decode stage has run.

    ``saved_to`` is set when the transport streamed a file answer to ``Request.download_to``
    instead of reading it into ``body`` (which is then empty).
    """

    status: int
    headers: Mapping[str, str]
    body: bytes
    data: Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    saved_to: Path | None = None
    #: Read into models strictly (``RequestOptions.strict``): set by the session, not the pipeline.
    strict: bool = False

    def with_data(self, data: Mapping[str, Any]) -> Response:
        """A copy carrying the decoded envelope ``data``."""
        # Built directly, as Request._replaced is: attrs.evolve costs more on every answer.
        return Response(self.status, self.headers, self.body, data, self.saved_to, self.strict)

    def header(self, name: str) -> str | None:
        """A header value, looked up case-insensitively."""
        value = self.headers.get(name)
        if value is not None:
            return value
        lowered = name.lower()
        for key, candidate in self.headers.items():
            if key.lower() == lowered:
                return candidate
        return None
