from collections.abc import AsyncIterator

import pytest

from zbooks_async import ZohoBooks


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    """A session the fake operations receive; they never send anything through it."""
    async with ZohoBooks(organization_id="10234695", access_token="test-token", rate_limit=None) as session:
        yield session
