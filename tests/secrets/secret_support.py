"""Secrets the tests hand to the SDK, and a check that none of them shows up in some text."""

from __future__ import annotations

import re

ORGANIZATION_ID = "10234695"
ACCESS_TOKEN = "1000.acc3ss70k3n5ecr3t.a1b2c3d4e5f6"
REFRESH_TOKEN = "1000.r3fr35h70k3n5ecr3t.f6e5d4c3b2a1"
CLIENT_SECRET = "c1i3n75ecr3tc1i3n75ecr3t"
SECRETS = (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET)
# Distinctive middles, so a token cut or re-encoded still shows up.
_FRAGMENTS = ("acc3ss70k3n", "r3fr35h70k3n", "c1i3n75ecr3t")
CONTACTS = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts(\?.*)?$")
ONE_CONTACT = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts/460000000026049(\?.*)?$")
CONTACT_ID = "460000000026049"


def leaks(text: str) -> list[str]:
    """The secret fragments found in ``text`` (empty when it is clean)."""
    return [fragment for fragment in _FRAGMENTS if fragment in text]
