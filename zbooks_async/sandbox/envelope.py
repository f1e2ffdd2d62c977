"""Zoho-style JSON envelopes: every answer is ``{"code": int, "message": str, ...}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .. import jsoncodec

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"


def encode(payload: Mapping[str, Any]) -> bytes:
    """Serialise a payload the way Zoho does: compact UTF-8 JSON, a ``Decimal`` as the JSON number
    with its own digits."""
    return jsoncodec.dumps(payload)


def json_response(
    payload: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """Build a response whose body is ``payload`` as JSON with Zoho's exact content type."""
    all_headers = {"Content-Type": JSON_CONTENT_TYPE}
    if headers:
        all_headers.update(headers)
    return web.Response(body=encode(payload), status=status, headers=all_headers)


def success(message: str = "success", status: int = 200, **resources: Any) -> web.Response:
    """Answer ``{"code": 0, "message": message, **resources}``."""
    return json_response({"code": 0, "message": message, **resources}, status=status)


def error(
    status: int, code: int, message: str, headers: Mapping[str, str] | None = None
) -> web.Response:
    """Answer an error envelope ``{"code": code, "message": message}``."""
    return json_response({"code": code, "message": message}, status=status, headers=headers)


class ZohoError(Exception):
    """Raised by handlers and stages to answer with an error envelope."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        """The error envelope for this error."""
        return error(self.status, self.code, self.message, self.headers)
