"""What a real organization's answers announce, from the live round trip
(``tests/live/round_trip.py``, the one ``pytest -m live`` runs): when its daily budget renews.

A time of day, not a shape, so it is a row here rather than an assertion in ``tests/``. Needs
the same environment as ``pytest -m live`` (ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET,
ZOHO_REFRESH_TOKEN, ZOHO_ORGANIZATION_ID, ZOHO_DATA_CENTER); without it the row says "not run".
It spends about 6 API calls and leaves nothing behind.
"""

from __future__ import annotations

from common import Figure, not_run

from tests.live.round_trip import live_settings, round_trip
from zbooks_async import ZohoBooks

SECTION = "live"
DAY = 86400


async def measure() -> list[Figure]:
    name = "a real organization's budget renews within a day (X-Rate-Limit-Reset)"
    settings, missing = live_settings()
    if settings is None:
        return [not_run(SECTION, name, f"needs {', '.join(missing)} in the environment")]
    async with ZohoBooks(**settings) as books:
        observed = await round_trip(books, settings["organization_id"])
    resets = [budget.reset_seconds for budget in observed.budgets]
    return [
        Figure(
            SECTION,
            name,
            max(resets),
            "s",
            f"0 < s <= {DAY}",
            all(0 < reset <= DAY for reset in resets),
            f"{len(resets)} answers; {observed.budgets[-1].remaining} of {observed.budgets[-1].limit} left",
        )
    ]
