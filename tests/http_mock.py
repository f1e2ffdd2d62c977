"""Shared helpers for tests that mock Zoho's HTTP answers with aioresponses.

``mocked`` is a fixture: a conftest imports it to offer it (tests/resources, faults, secrets).
The resources fixtures built on these (``books``, ``http``) live in ``tests/resources/conftest.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from aioresponses import aioresponses
from yarl import URL

from zbooks_async import RetryPolicy, ZohoBooks

BASE = "https://www.zohoapis.com/books/v3"
ORG = "10234695"
TOKEN = "secret-token"
NO_WAIT = RetryPolicy(max_retries=2, base_delay=0.0, max_delay=0.0)
NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    """aioresponses in place of the network for one test."""
    with aioresponses() as mock:
        yield mock


@asynccontextmanager
async def mocked_books(
    retry: RetryPolicy = NO_WAIT, *, organization_id: str = ORG, token: str = TOKEN
) -> AsyncIterator[ZohoBooks]:
    """A session on the default data center with no rate limit and instant retries."""
    async with ZohoBooks(
        organization_id=organization_id, access_token=token, rate_limit=None, retry=retry
    ) as client:
        yield client


def sent(http: aioresponses) -> list[tuple[str, str, dict[str, Any]]]:
    """Every request aioresponses saw: (method, URL with query, the keyword arguments).

    The transport sends the query inside the URL; ``params`` holds its pairs all the same.
    """
    return [
        (method, str(url), {"params": tuple(URL(url).query.items()), **call.kwargs})
        for (method, url), seen in http.requests.items()
        for call in seen
    ]


def sent_json(http: aioresponses) -> list[tuple[str, str, Any]]:
    """Every request aioresponses saw: (method, URL with query, decoded JSON body or None)."""
    calls = []
    for method, url, kwargs in sent(http):
        data = kwargs.get("data")
        body = json.loads(data) if isinstance(data, bytes | str) and data else None
        calls.append((method, url, body))
    return calls


def at(path: str) -> re.Pattern[str]:
    """The URLs of ``path`` below the API root, with any query string."""
    return re.compile(rf"^{re.escape(BASE + path)}\?.*$")


def served_books(server: TestServer, retry: RetryPolicy = NO_RETRY, *, token: str = TOKEN) -> ZohoBooks:
    """A session (to enter with ``async with``) speaking to a loopback ``server``'s /books/v3."""
    base_url = str(server.make_url("/books/v3"))
    return ZohoBooks(organization_id=ORG, access_token=token, base_url=base_url, rate_limit=None, retry=retry)
