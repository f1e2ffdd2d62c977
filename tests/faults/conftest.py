"""Fixtures for fault tests: a session over the real aiohttp transport with HTTP mocked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.faults.fault_support import ORGANIZATION_ID, TOKEN
from tests.http_mock import mocked, mocked_books
from zbooks_async import RetryPolicy, ZohoBooks

__all__ = ["books", "mocked"]


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    """No client-side limiter and no backoff wait, so retries run at once."""
    retry = RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0)
    async with mocked_books(retry, organization_id=ORGANIZATION_ID, token=TOKEN) as session:
        yield session
