"""Fixtures for fault tests: a session over the real aiohttp transport with HTTP mocked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from aioresponses import aioresponses

from tests.faults.fault_support import ORGANIZATION_ID, TOKEN
from zbooks_async import RetryPolicy, ZohoBooks


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    with aioresponses() as mock:
        yield mock


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    """No client-side limiter and no backoff wait, so retries run at once."""
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token=TOKEN,
        rate_limit=None,
        retry=RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0),
    ) as session:
        yield session
