"""The round trip against a real Zoho Books organization: opt in with ``pytest -m live``.

Needs ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID (and
ZOHO_DATA_CENTER, default ``com``) in the environment; it spends about 6 API calls and one
token mint, and leaves nothing behind. Without them it is skipped; without ``-m live`` it is
not even collected into the run (``addopts`` deselects the ``live`` marker).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from zbooks_async import ZohoBooks

from .round_trip import live_settings, round_trip

pytestmark = pytest.mark.live


@pytest.fixture
async def live_books() -> AsyncIterator[ZohoBooks]:
    settings, missing = live_settings()
    if settings is None:
        pytest.skip(f"live Zoho checks need {', '.join(missing)} in the environment")
    async with ZohoBooks(**settings) as books:
        yield books


async def test_a_round_trip_through_a_real_organization(live_books: ZohoBooks) -> None:
    organization_id = os.environ["ZOHO_ORGANIZATION_ID"]
    observed = await round_trip(live_books, organization_id)
    first, last = observed.budgets[0], observed.budgets[-1]
    assert first.limit == last.limit
    # Our own calls used the budget (unless the organization's midnight fell in between).
    assert last.remaining < first.remaining or last.reset_seconds > first.reset_seconds
