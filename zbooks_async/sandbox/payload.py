"""Reading request bodies the ways Zoho accepts them: JSON, or a ``JSONString`` form field."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from . import errors
from .checks import finite_json
from .state import JSONObject

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_payload(request: web.Request) -> Any:
    """The body as sent: None when empty, a dict for forms, parsed JSON, or raw text."""
    if request.content_type in FORM_TYPES:
        form = await request.post()
        return {key: str(value) for key, value in form.items()}
    raw = await request.read()
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def json_object(request: web.Request) -> JSONObject:
    """The JSON object a write request carries, from the body or a ``JSONString`` field.

    Raises code 11 when there is no body at all, code 4 when it is not a JSON object and
    code 2 when it holds a number that is not finite.
    """
    payload = await read_payload(request)
    if request.content_type in FORM_TYPES or payload is None:
        fields = payload if isinstance(payload, dict) else {}
        json_string = fields.get("JSONString") or request.query.get("JSONString")
        if json_string is None:
            raise errors.missing_body()
        try:
            payload = json.loads(json_string)
        except ValueError:
            raise errors.invalid_field("JSONString") from None
    if not isinstance(payload, dict):
        raise errors.invalid_field("JSONString")
    finite_json(payload)  # NaN or 1e400 (an infinity once parsed) cannot be served back as JSON
    return payload
