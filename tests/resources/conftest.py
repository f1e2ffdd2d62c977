"""Fixtures for endpoint tests with HTTP mocked by aioresponses (helpers: ``tests/http_mock.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aioresponses import aioresponses

from zbooks_async import ZohoBooks

from ..http_mock import mocked, mocked_books

__all__ = ["books", "http", "mocked"]


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with mocked_books() as client:
        yield client


@pytest.fixture
def http(mocked: aioresponses) -> aioresponses:
    """The network mock, under the name these tests use."""
    return mocked
