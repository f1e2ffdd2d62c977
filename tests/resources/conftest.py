"""Fixtures for endpoint tests with HTTP mocked by aioresponses (helpers: ``tests/http_mock.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from aioresponses import aioresponses

from zbooks_async import ZohoBooks

from ..http_mock import mocked_books


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with mocked_books() as client:
        yield client


@pytest.fixture
def http() -> Iterator[aioresponses]:
    with aioresponses() as mocked:
        yield mocked
