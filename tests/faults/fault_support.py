"""Constants and helpers shared by the fault tests (imported as ``fault_support``)."""

from __future__ import annotations

import re

from aioresponses import aioresponses

ORGANIZATION_ID = "10234695"
TOKEN = "1000.faults-test-token.0000"
CONTACTS = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts(\?.*)?$")
ONE_CONTACT = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts/460000000026049(\?.*)?$")
CONTACT_ID = "460000000026049"


def calls(mock: aioresponses) -> int:
    """How many requests reached the mocked network."""
    return sum(len(requests) for requests in mock.requests.values())
