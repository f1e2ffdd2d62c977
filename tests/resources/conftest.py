"""Fixtures for endpoint tests with HTTP mocked by aioresponses."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import RetryPolicy, ZohoBooks

BASE = "https://www.zohoapis.com/books/v3"
ORG = "10234695"


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with ZohoBooks(
        organization_id=ORG,
        access_token="secret-token",
        rate_limit=None,
        retry=RetryPolicy(max_retries=0),
    ) as client:
        yield client


@pytest.fixture
def http() -> Iterator[aioresponses]:
    with aioresponses() as mocked:
        yield mocked


def sent(http: aioresponses) -> list[tuple[str, str, Any]]:
    """Every request aioresponses saw: (method, url with query, decoded JSON body or None)."""
    calls = []
    for (method, url), requests in http.requests.items():
        for call in requests:
            data = call.kwargs.get("data")
            body = json.loads(data) if isinstance(data, bytes | str) and data else None
            calls.append((method, str(url), body))
    return calls
