"""Bad arguments raise ValueError/TypeError at the call, before anything is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import RequestOptions, RetryPolicy, ZohoBooks

Call = Callable[[ZohoBooks], Awaitable[object] | object]
GOOD = "460000000026049"
HOSTILE_IDS: list[Any] = ["../1", "1/../../x", "", " 12", "12a", "1?x=1", "%2e%2e", "1" * 31, -1]


def case(call: Call, error: type[Exception], match: str) -> Any:
    return pytest.param(call, error, match, id=match)


CASES = [
    *(
        case(lambda b, v=value: b.contacts.get(v), ValueError, f"contact_id.*{i}")  # type: ignore[misc]
        for i, value in enumerate(HOSTILE_IDS)
    ),
    case(lambda b: b.contacts.get(None), TypeError, "contact_id"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.get(12.0), TypeError, "contact_id"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.update("../x", notes="n"), ValueError, "contact_id"),
    case(lambda b: b.contacts.delete("12 OR 1=1"), ValueError, "contact_id"),
    case(lambda b: b.contacts.persons.get("../etc"), ValueError, "contact_person_id"),
    case(lambda b: b.contacts.list(per_page=0), ValueError, "per_page"),
    case(lambda b: b.contacts.list(per_page=201), ValueError, "per_page"),
    case(lambda b: b.contacts.list(per_page="50"), TypeError, "per_page"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.list(page=0), ValueError, "page"),
    case(lambda b: b.contacts.list(filter_by="Status.Deleted"), TypeError, "filter_by"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.list(sort_order="up"), TypeError, "sort_order"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.list(colour="red"), TypeError, "unknown keyword .colour."),  # type: ignore[call-arg]
    case(lambda b: b.contacts.create(contact_name="A", credit_limit=1.5), TypeError, "credit_limit"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.create(contact_name="A", credit_limit="nine"), ValueError, "credit_limit"),  # type: ignore[arg-type]
    case(
        lambda b: b.contacts.create(contact_name="A", credit_limit=Decimal("NaN")),
        ValueError,
        "credit_limit.*NaN",
    ),
    case(
        lambda b: b.contacts.update(GOOD, credit_limit=Decimal("-Infinity")), ValueError, "credit_limit.*Inf"
    ),
    case(lambda b: b.contacts.create(contact_name="A", payment_terms="30"), TypeError, "payment_terms"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.create(contact_name="A", contact_type="partner"), TypeError, "contact_type"),  # type: ignore[arg-type]
    case(lambda b: b.contacts.create(credit_limit=Decimal(1)), TypeError, "contact_name"),
    case(
        lambda b: b.contacts.statements.get(GOOD, start_date="01/01/2024"),  # type: ignore[arg-type]
        ValueError,
        "start_date",
    ),
    case(
        lambda b: b.contacts.statements.get(GOOD, start_date=datetime(2024, 1, 1)),
        TypeError,
        "start_date",
    ),
    case(
        lambda b: b.contacts.statements.get(GOOD, start_date=date(2024, 2, 1), end_date=date(2024, 1, 1)),
        ValueError,
        "after end_date",
    ),
    case(lambda b: b.contacts.delete_many(contact_ids=[]), ValueError, "empty"),
    case(lambda b: b.contacts.delete_many(contact_ids=GOOD), TypeError, "list of ids"),
    case(lambda b: b.contacts.delete_many(contact_ids=[GOOD] * 30 + ["../x"]), ValueError, "contact_ids"),
    case(lambda b: b.contacts.merge(GOOD, contact_ids=[str(n) for n in range(26)]), ValueError, "at most 25"),
    case(lambda b: b.with_organization("acme"), ValueError, "organization_id"),
    case(lambda b: b.contacts.get(GOOD, options=RequestOptions(timeout=-1)), ValueError, "timeout"),
    case(lambda b: b.contacts.get(GOOD, options=RequestOptions(max_retries=-1)), ValueError, "max_retries"),
    case(
        lambda b: b.contacts.get(GOOD, options=RequestOptions(organization_id="1&x=2")),
        ValueError,
        "organization_id",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), CASES)
async def test_bad_arguments_fail_before_any_request(
    mocked: aioresponses, call: Call, error: type[Exception], match: str
) -> None:
    async with ZohoBooks(
        organization_id="10234695", access_token="t", rate_limit=None, retry=RetryPolicy(max_retries=0)
    ) as books:
        with pytest.raises(error, match=match.split(".*")[0]):
            result = call(books)
            if hasattr(result, "__await__"):
                await result  # type: ignore[misc]
    assert mocked.requests == {}


@pytest.mark.parametrize(
    "settings",
    [
        {"organization_id": "12a"},
        {"data_center": "moon"},
        {"access_token": ""},
        {"timeout": "soon"},
    ],
)
def test_bad_session_settings_fail_at_construction(settings: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        ZohoBooks(**{"organization_id": "10234695", "access_token": "t", **settings})
