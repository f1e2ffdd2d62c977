"""GET /contacts: pagination, filters, search and stable sorting."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ORG, Harness, Start


async def walk(sb: Harness, **params: str) -> list[dict[str, Any]]:
    """Fetch every page of a listing, checking page_context on the way."""
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        status, payload = await sb.json(
            "GET", "/contacts", params={**params, "page": str(page)}
        )
        assert status == 200, payload
        context = payload["page_context"]
        assert context["page"] == page
        seen.extend(payload["contacts"])
        if not context["has_more_page"]:
            return seen
        page += 1


@pytest.fixture
async def seeded(start: Start) -> Harness:
    return await start(seed_contacts=450, requests_per_window=None)


async def test_pagination_visits_every_contact_exactly_once(seeded: Harness) -> None:
    pages = []
    for page in (1, 2, 3):
        _, payload = await seeded.json(
            "GET", "/contacts", params={"page": str(page), "per_page": "200"}
        )
        pages.append(payload)
    assert [len(p["contacts"]) for p in pages] == [200, 200, 50]
    assert [p["page_context"]["has_more_page"] for p in pages] == [True, True, False]
    ids = [c["contact_id"] for p in pages for c in p["contacts"]]
    assert len(ids) == len(set(ids)) == 450
    assert set(ids) == set(seeded.sandbox.organization(ORG).contacts)


async def test_page_context_shape(seeded: Harness) -> None:
    _, payload = await seeded.json("GET", "/contacts", params={"per_page": "10"})
    assert payload["code"] == 0 and payload["message"] == "success"
    assert payload["page_context"] == {
        "page": 1,
        "per_page": 10,
        "has_more_page": True,
        "report_name": "Contacts",
        "applied_filter": "Status.All",
        "sort_column": "contact_name",
        "sort_order": "A",
    }


async def test_default_page_size_is_200(seeded: Harness) -> None:
    _, payload = await seeded.json("GET", "/contacts")
    assert len(payload["contacts"]) == 200
    assert payload["page_context"]["per_page"] == 200


async def test_summary_fields_match_the_example(seeded: Harness) -> None:
    _, payload = await seeded.json("GET", "/contacts", params={"per_page": "1"})
    # The columns real list answers carry, which the documents' example leaves out.
    assert set(payload["contacts"][0]) == {
        "contact_id", "contact_name", "customer_name", "vendor_name", "company_name", "website",
        "language_code", "language_code_formatted", "contact_type", "contact_type_formatted",
        "status", "customer_sub_type", "source", "is_linked_with_zohocrm", "payment_terms",
        "payment_terms_label", "currency_id", "twitter", "facebook", "currency_code",
        "outstanding_receivable_amount", "outstanding_receivable_amount_bcy",
        "outstanding_payable_amount", "outstanding_payable_amount_bcy",
        "unused_credits_receivable_amount", "unused_credits_receivable_amount_bcy",
        "unused_credits_payable_amount", "unused_credits_payable_amount_bcy",
        "first_name", "last_name", "email", "phone", "mobile", "portal_status",
        "portal_status_formatted", "created_time", "created_time_formatted", "last_modified_time",
        "last_modified_time_formatted", "custom_fields", "custom_field_hash", "tags",
        "ach_supported", "has_attachment",
    }  # fmt: skip


@pytest.mark.parametrize("per_page", ["201", "0", "ten"])
async def test_bad_per_page_is_code_2(sb: Harness, per_page: str) -> None:
    status, payload = await sb.json("GET", "/contacts", params={"per_page": per_page})
    assert (status, payload["code"]) == (400, 2)
    assert payload["message"].startswith("Invalid value passed for per_page")


@pytest.mark.parametrize(
    ("name", "value"),
    [("sort_column", "company_name"), ("sort_order", "X"), ("filter_by", "Status.Nope")],
)
async def test_bad_listing_parameters_are_code_2(sb: Harness, name: str, value: str) -> None:
    status, payload = await sb.json("GET", "/contacts", params={name: value})
    assert (status, payload["code"]) == (400, 2)


@pytest.mark.parametrize(
    "column",
    [
        "contact_name",
        "first_name",
        "last_name",
        "email",
        "outstanding_receivable_amount",
        "created_time",
        "last_modified_time",
    ],
)
@pytest.mark.parametrize("order", ["A", "D"])
async def test_sorted_walks_are_ordered_and_complete(
    seeded: Harness, column: str, order: str
) -> None:
    contacts = await walk(seeded, sort_column=column, sort_order=order, per_page="200")
    assert len({c["contact_id"] for c in contacts}) == 450

    def key(c: dict[str, Any]) -> Any:
        value = c[column]
        return value if isinstance(value, float) else str(value).casefold()

    keys = [key(c) for c in contacts]
    assert keys == sorted(keys, reverse=order == "D")


async def test_status_filters(seeded: Harness) -> None:
    stored = seeded.sandbox.organization(ORG).contacts.values()
    inactive = {c["contact_id"] for c in stored if c["status"] == "inactive"}
    assert inactive
    listed = await walk(seeded, filter_by="Status.Inactive")
    assert {c["contact_id"] for c in listed} == inactive
    active = await walk(seeded, filter_by="Status.Active")
    assert len(active) == 450 - len(inactive)
    crm = await walk(seeded, filter_by="Status.Crm")
    assert {c["contact_id"] for c in crm} == {
        c["contact_id"] for c in stored if c["is_linked_with_zohocrm"]
    }
    assert await walk(seeded, filter_by="Status.Duplicate") == []
    _, payload = await seeded.json("GET", "/contacts", params={"filter_by": "Status.Active"})
    assert payload["page_context"]["applied_filter"] == "Status.Active"


async def test_contact_type_filter(seeded: Harness) -> None:
    vendors = await walk(seeded, contact_type="vendor")
    assert vendors and all(c["contact_type"] == "vendor" for c in vendors)
    customers = await walk(seeded, contact_type="customer")
    assert len(vendors) + len(customers) == 450


@pytest.fixture
async def three(sb: Harness) -> Harness:
    for body in (
        {
            "contact_name": "Bowman and Co",
            "company_name": "Bowman Furniture",
            "contact_persons": [
                {"first_name": "Will", "last_name": "Smith", "email": "will@bowman.com",
                 "phone": "+1-925-921-9201"},
            ],
            "billing_address": {"city": "Pleasanton"},
            "contact_number": "CNT-001234",
        },
        {
            "contact_name": "Acme Ltd",
            "company_name": "Acme",
            "contact_type": "vendor",
            "contact_persons": [{"first_name": "Ann", "last_name": "Bow", "email": "ann@acme.io"}],
        },
        {"contact_name": "Zed Bowling", "company_name": "Zed"},
    ):  # fmt: skip
        status, _ = await sb.json("POST", "/contacts", json=body)
        assert status == 201
    return sb


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"contact_name": "acme ltd"}, ["Acme Ltd"]),
        ({"contact_name_startswith": "bow"}, ["Bowman and Co"]),
        ({"contact_name_contains": "BOW"}, ["Bowman and Co", "Zed Bowling"]),
        ({"company_name": "Zed"}, ["Zed Bowling"]),
        ({"company_name_startswith": "Bowman"}, ["Bowman and Co"]),
        ({"company_name_contains": "cm"}, ["Acme Ltd"]),
        ({"first_name": "will"}, ["Bowman and Co"]),
        ({"last_name": "Bow"}, ["Acme Ltd"]),
        ({"last_name_startswith": "s"}, ["Bowman and Co"]),
        ({"email": "ann@acme.io"}, ["Acme Ltd"]),
        ({"email_contains": "@bowman"}, ["Bowman and Co"]),
        ({"phone": "+1-925-921-9201"}, ["Bowman and Co"]),
        ({"address_contains": "pleasant"}, ["Bowman and Co"]),
        ({"search_text": "bow"}, ["Bowman and Co", "Zed Bowling"]),
        ({"search_text": "acme.io"}, ["Acme Ltd"]),
        ({"search_text": "CNT-0012"}, ["Bowman and Co"]),
        ({"contact_type": "vendor", "search_text": "a"}, ["Acme Ltd"]),
        ({"contact_name_contains": "nobody"}, []),
    ],
)
async def test_text_filters(three: Harness, params: dict[str, str], names: list[str]) -> None:
    _, payload = await three.json("GET", "/contacts", params=params)
    assert [c["contact_name"] for c in payload["contacts"]] == names


async def test_summary_takes_person_fields_from_the_primary_person(three: Harness) -> None:
    _, payload = await three.json("GET", "/contacts", params={"contact_name": "Bowman and Co"})
    summary = payload["contacts"][0]
    assert (summary["first_name"], summary["email"]) == ("Will", "will@bowman.com")


async def test_listing_reflects_changes_immediately(three: Harness) -> None:
    await three.json("POST", "/contacts", json={"contact_name": "Aardvark"})
    _, payload = await three.json("GET", "/contacts", params={"per_page": "1"})
    assert payload["contacts"][0]["contact_name"] == "Aardvark"
