"""Decode stage: read the ``{code, message, ...}`` envelope and turn error answers into exceptions."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from .. import jsoncodec
from ..errors import MalformedResponseError, RateLimitError, ServerError, error_for_answer
from .stage import Handler
from .values import Request, Response

_TITLE = re.compile(rb"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class DecodeStage:
    """Parses JSON answers into ``Response.data``; raises the typed error for failures.

    An answer is an error when its HTTP status is >= 400 or its envelope ``code`` is not 0.
    Binary answers (PDF statements, documents) pass through when the request expects bytes.
    """

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        response = await call_next(request)
        if request.expects_bytes and response.status < 400 and not _is_json(response):
            return response
        data = _envelope(request, response)
        code = data.get("code")
        if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
            raise MalformedResponseError(
                f"Zoho's answer has a 'code' field that is not an integer: {code!r}",
                http_status=response.status,
                method=request.method,
                path=request.path,
                headers=response.headers,
            )
        if response.status >= 400 or (code is not None and code != 0):
            raise error_for_answer(
                http_status=response.status,
                code=code,
                message=str(data.get("message") or f"HTTP {response.status}"),
                method=request.method,
                path=request.path,
                body=data,
                retry_after=retry_after_seconds(response.header("Retry-After")),
                headers=response.headers,
                rate_limit_headers=response.headers,
            )
        return response.with_data(data)


def _is_json(response: Response) -> bool:
    return "json" in (response.header("Content-Type") or "").lower()


def _envelope(request: Request, response: Response) -> Mapping[str, Any]:
    try:
        data = jsoncodec.loads(response.body)
    except jsoncodec.JSONNestingError:
        raise MalformedResponseError(
            f"Zoho's answer (HTTP {response.status}) is JSON nested too deeply to read",
            http_status=response.status,
            method=request.method,
            path=request.path,
        ) from None
    except ValueError:
        data = None
    if isinstance(data, dict):
        return data
    summary = describe_body(response.header("Content-Type"), response.body)
    if response.status >= 500 or response.status == 429:
        # A proxy's own page (502/503 from a load balancer, a 429 from a gateway) means
        # the same as Zoho's JSON answer with that status would.
        cls = ServerError if response.status >= 500 else RateLimitError
        raise cls(
            f"HTTP {response.status} with a non-JSON body: {summary}",
            http_status=response.status,
            method=request.method,
            path=request.path,
            retry_after=retry_after_seconds(response.header("Retry-After")),
            headers=response.headers,
            rate_limit_headers=response.headers,
        )
    raise MalformedResponseError(
        f"expected a JSON object from Zoho, got HTTP {response.status} with {summary}",
        http_status=response.status,
        method=request.method,
        path=request.path,
        headers=response.headers,
    )


def describe_body(content_type: str | None, body: bytes, size: int | None = None) -> str:
    """A short account of an answer for an error message: its HTML title, or its first bytes.

    ``body`` may be only the answer's head; ``size`` is then the whole length.
    """
    content_type = content_type or "no content type"
    size = len(body) if size is None else size
    if not size:
        return f"an empty body ({content_type})"
    title = _TITLE.search(body[:4096])
    if title:
        return f"an HTML page titled {title.group(1).decode(errors='replace').strip()!r}"
    snippet = body[:120].decode(errors="replace")
    return f"{size} bytes of {content_type} starting {snippet!r}"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date).

    ``None`` when the header is missing or unreadable, including a non-finite number.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, source zone unknown (RFC 5322)
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
