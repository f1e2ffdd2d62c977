"""Zoho's documented request bodies for create and update go through the typed keyword arguments
and are sent as documented (ids as strings, numbers exact)."""

from __future__ import annotations

import json
import typing
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from tests.data import operation
from zbooks_async import ZohoBooks
from zbooks_async.resources.contact_fields import ContactFields

from ..http_mock import at, sent_json

ANSWER = {
    "code": 0,
    "message": "ok",
    "contact": {
        "contact_id": "460000000026049",
        "contact_name": "Bowman and Co",
        "contact_type": "customer",
        "status": "active",
    },
}


STRING_FIELDS = {name for name, hint in typing.get_type_hints(ContactFields).items() if hint is str}


def ids_as_strings(value: Any, key: str = "") -> Any:
    """The documented example as the SDK's types want it. Zoho's OpenAPI types ids, zip codes and
    registration numbers as strings although its examples show numbers."""
    if isinstance(value, dict):
        return {k: ids_as_strings(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [ids_as_strings(v, key) for v in value]
    textual = key in STRING_FIELDS or key.endswith("_id") or key == "zip"
    if isinstance(value, int) and not isinstance(value, bool) and textual:
        return str(value)
    return value


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda d: float(d) if isinstance(d, Decimal) else d))


@pytest.mark.parametrize(("method", "path"), [("POST", "/contacts"), ("PUT", "/contacts/{contact_id}")])
async def test_documented_request_example_is_accepted_and_sent_unchanged(
    books: ZohoBooks, http: aioresponses, method: str, path: str
) -> None:
    example = ids_as_strings(operation(method, path)["request_example"])
    if method == "POST":
        http.post(at("/contacts"), payload=ANSWER)
        await books.contacts.create(**example)
    else:
        http.put(at("/contacts/460000000026049"), payload=ANSWER)
        await books.contacts.update("460000000026049", **example)
    [(_, _, body)] = sent_json(http)
    assert body == as_json(example)
