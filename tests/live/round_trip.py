"""A short, safe round trip through a Zoho Books organization, checking the answers' shapes.

Run against real Zoho by ``test_live_zoho.py`` (``pytest -m live``) and against the sandbox by
``test_round_trip_sandbox.py`` on every run, so the live check itself is known to work.
It reads the organization, creates one contact with a unique name, reads it back, finds it in
a list, and deletes it (also when a check fails on the way).
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from decimal import Decimal
from typing import TypedDict

import attrs

from zbooks_async import OPERATIONS, Contact, ZohoBooks
from zbooks_async.operations import Operation
from zbooks_async.pipeline.values import Response

GET_ORGANIZATION = Operation(
    name="organizations.get",
    method="GET",
    path="/organizations/{organization_id}",
    scope="ZohoBooks.settings.READ",
)
LIST_CONTACTS = next(op for op in OPERATIONS if op.name == "contacts.list")
NAME_PREFIX = "zbooks-live-check-"
REQUIRED = ("ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN", "ZOHO_ORGANIZATION_ID")


class LiveSettings(TypedDict):
    """``ZohoBooks(**settings)`` for a real organization."""

    organization_id: str
    client_id: str
    client_secret: str
    refresh_token: str
    data_center: str


def live_settings() -> tuple[LiveSettings | None, list[str]]:
    """The settings for the organization the environment names, or None and the variables
    missing for it."""
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        return None, missing
    settings: LiveSettings = {
        "organization_id": os.environ["ZOHO_ORGANIZATION_ID"],
        "client_id": os.environ["ZOHO_CLIENT_ID"],
        "client_secret": os.environ["ZOHO_CLIENT_SECRET"],
        "refresh_token": os.environ["ZOHO_REFRESH_TOKEN"],
        "data_center": os.environ.get("ZOHO_DATA_CENTER") or "com",
    }
    return settings, []


@attrs.frozen
class Budget:
    """The daily budget as one answer's ``X-Rate-Limit-*`` headers state it."""

    limit: int
    remaining: int
    reset_seconds: int


@attrs.frozen
class Observed:
    """What the round trip saw."""

    organization_name: str
    budgets: tuple[Budget, ...]
    created: Contact
    read_back: Contact
    listed: Contact


def budget_of(response: Response) -> Budget:
    """The budget headers of an answer; AssertionError when one is missing or not a number."""
    values = []
    for name in ("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"):
        text = response.header(name)
        assert text is not None and text.isdigit(), f"{name} missing or not a count: {text!r}"
        values.append(int(text))
    budget = Budget(*values)
    assert 0 <= budget.remaining <= budget.limit, budget
    # When it renews (within a day: the organization's midnight) is a time of day, not a shape:
    # benchmarks/live.py reports it as a row.
    return budget


def check_contact_shape(contact: Contact, name: str) -> None:
    """The fields real answers are known to carry, typed as the SDK promises."""
    assert contact.contact_id is not None and contact.contact_id.isdigit()
    assert contact.contact_name == name
    assert isinstance(contact.portal_status, str), contact.portal_status
    assert isinstance(contact.created_time, datetime) and contact.created_time.tzinfo is not None
    assert isinstance(contact.outstanding_receivable_amount, Decimal)


async def round_trip(books: ZohoBooks, organization_id: str) -> Observed:
    """Read the organization, then create, read, list and delete one uniquely named contact."""
    organization = await books.send(GET_ORGANIZATION, path_params={"organization_id": organization_id})
    assert organization.data is not None and organization.data["code"] == 0
    found = organization.data["organization"]
    assert str(found["organization_id"]) == organization_id
    budgets = [budget_of(organization)]

    name = f"{NAME_PREFIX}{uuid.uuid4().hex[:12]}"
    created = await books.contacts.create(contact_name=name)
    assert created.contact_id is not None
    try:
        read_back = await books.contacts.get(created.contact_id)
        check_contact_shape(read_back, name)
        page = await books.send(
            LIST_CONTACTS, query={"contact_name": name, "per_page": 10, "response_option": 2}
        )
        budgets.append(budget_of(page))
        assert page.data is not None
        [row] = [r for r in page.data["contacts"] if r["contact_id"] == created.contact_id]
        assert row["contact_name"] == name
        context = page.data["page_context"]
        assert context["has_more_page"] is False and int(context["total"]) >= 1
        [listed] = [c async for c in books.contacts.list(contact_name=name)]
        assert listed.customer_name == name and listed.source is not None
    finally:
        await books.contacts.delete(created.contact_id)
    return Observed(str(found.get("name", "")), tuple(budgets), created, read_back, listed)
