"""Contacts endpoints through the whole pipeline, with HTTP mocked by aioresponses."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from aioresponses import CallbackResult, aioresponses

from zbooks_async import Contact, NotFoundError, ZohoBooks
from zbooks_async.models.contacts import Address

from ..http_mock import BASE, ORG, TOKEN, sent

# What every contact answer carries: the model requires these four (docs/models.md).
REQUIRED = {"contact_id": "7", "contact_name": "Acme", "contact_type": "customer", "status": "active"}


async def test_create_sends_json_fields_and_returns_a_typed_contact(
    books: ZohoBooks, http: aioresponses
) -> None:
    answer = {
        "code": 0,
        "message": "The contact has been created",
        "contact": {
            **REQUIRED,
            "contact_id": 460000000026049,
            "contact_name": "Bowman",
            "credit_limit": 1000.5,
        },
    }
    http.post(re.compile(rf"{BASE}/contacts\?.*"), status=201, payload=answer)
    contact = await books.contacts.create(
        contact_name="Bowman",
        credit_limit=Decimal("1000.50"),
        billing_address=Address(city="Pleasanton", zip="94588"),
    )
    assert contact.contact_id == "460000000026049"
    assert contact.credit_limit == Decimal("1000.5")
    [(method, url, kwargs)] = sent(http)
    assert method == "POST" and url == f"{BASE}/contacts?organization_id={ORG}"
    assert json.loads(kwargs["data"]) == {
        "contact_name": "Bowman",
        "credit_limit": 1000.5,
        "billing_address": {"city": "Pleasanton", "zip": "94588"},
    }
    assert kwargs["headers"]["Authorization"] == f"Zoho-oauthtoken {TOKEN}"


async def test_get_raises_not_found_with_zoho_code(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/42\?.*"),
        status=404,
        payload={"code": 1002, "message": "Contact does not exist."},
    )
    with pytest.raises(NotFoundError) as raised:
        await books.contacts.get("42")
    assert raised.value.code == 1002 and raised.value.path == "/contacts/42"


@pytest.mark.parametrize("bad_id", ["1/../../x", "", "abc", "12 3", "../1"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    with pytest.raises(ValueError, match="contact_id"):
        await books.contacts.get(bad_id)
    assert http.requests == {}


async def test_update_sends_a_model_with_its_unknown_fields(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        re.compile(rf"{BASE}/contacts/7\?.*"),
        payload={"code": 0, "message": "updated", "contact": REQUIRED},
    )
    contact = Contact(
        contact_id="7",
        contact_name="Acme",
        contact_type="customer",
        status="active",
        extra={"future_field": 1},
    )
    await books.contacts.update("7", contact, notes="hello")
    [(_, _, kwargs)] = sent(http)
    assert json.loads(kwargs["data"]) == {**REQUIRED, "future_field": 1, "notes": "hello"}


async def test_list_walks_every_page_with_filters(books: ZohoBooks, http: aioresponses) -> None:
    pages = [
        {
            "code": 0,
            "message": "success",
            "contacts": [{**REQUIRED, "contact_id": "1"}, {**REQUIRED, "contact_id": "2"}],
            "page_context": {"page": 1, "has_more_page": True},
        },
        {
            "code": 0,
            "message": "success",
            "contacts": [{**REQUIRED, "contact_id": "3"}],
            "page_context": {"page": 2, "has_more_page": False},
        },
    ]
    http.get(re.compile(rf"{BASE}/contacts\?.*page=1.*"), payload=pages[0])
    http.get(re.compile(rf"{BASE}/contacts\?.*page=2.*"), payload=pages[1])
    ids = [c.contact_id async for c in books.contacts.list(filter_by="Status.Active", per_page=2)]
    assert ids == ["1", "2", "3"]
    urls = [url for _, url, _ in sent(http)]
    assert all("filter_by=Status.Active" in url and "per_page=2" in url for url in urls)


async def test_one_page_with_its_context(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts\?.*page=3.*"),
        payload={
            "code": 0,
            "message": "success",
            "contacts": [],
            "page_context": {"page": 3, "per_page": 50, "has_more_page": False},
        },
    )
    page = await books.contacts.list(per_page=50).page(3)
    assert page.items == [] and page.page_context.page == 3 and not page.has_more


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"filter_by": "Status.Sleeping"}, TypeError),
        ({"sort_colum": "contact_name"}, TypeError),
        ({"per_page": 201}, ValueError),
        ({"per_page": 0}, ValueError),
        ({"response_option": "2"}, TypeError),
        ({"response_option": -1}, ValueError),
    ],
)
async def test_bad_list_arguments_fail_before_sending(
    books: ZohoBooks, http: aioresponses, kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        books.contacts.list(**kwargs)  # type: ignore[arg-type]
    assert http.requests == {}


@pytest.mark.parametrize("number", [0, -1])
async def test_page_number_below_one_is_refused_before_sending(
    books: ZohoBooks, http: aioresponses, number: int
) -> None:
    listing = books.contacts.list(per_page=50, page=2)
    with pytest.raises(ValueError, match="page must be 1 or more"):
        await listing.page(number)
    assert http.requests == {}


async def test_collect_with_a_limit_of_zero_fetches_nothing(books: ZohoBooks, http: aioresponses) -> None:
    assert await books.contacts.list().collect(limit=0) == []
    with pytest.raises(ValueError, match="limit"):
        await books.contacts.list().collect(limit=-1)
    assert http.requests == {}


# Every filter_by value and text-filter variant Zoho's OpenAPI document lists for GET /contacts.
DOCUMENTED_FILTER_BY = [
    "Status.All",
    "Status.Active",
    "Status.Inactive",
    "Status.Duplicate",
    "Status.PortalEnabled",
    "Status.PortalDisabled",
    "Invoice.OverDue",
    "Invoice.Unpaid",
    "Status.CreditLimitExceed",
    "Status.Crm",
]
DOCUMENTED_TEXT_FILTERS = [
    field + suffix
    for field in ("contact_name", "company_name", "first_name", "last_name", "address", "email", "phone")
    for suffix in ("", "_startswith", "_contains")
]


@pytest.mark.parametrize(
    "filters",
    [
        *({"filter_by": value} for value in DOCUMENTED_FILTER_BY),
        *({name: "Bow"} for name in DOCUMENTED_TEXT_FILTERS),
    ],
    ids=lambda filters: "=".join(next(iter(filters.items()))),
)
async def test_every_documented_list_filter_is_sent(
    books: ZohoBooks, http: aioresponses, filters: dict[str, str]
) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts\?.*"),
        payload={"code": 0, "message": "success", "contacts": [], "page_context": {"page": 1}},
    )
    assert await books.contacts.list(**filters).collect() == []  # type: ignore[arg-type]
    ((_, url, _),) = sent(http)
    name, value = next(iter(filters.items()))
    assert f"{name}={value}" in str(url)


async def test_money_given_as_float_is_refused(books: ZohoBooks) -> None:
    with pytest.raises(TypeError, match="credit_limit"):
        await books.contacts.create(contact_name="x", credit_limit=10.1)  # type: ignore[arg-type]


async def test_money_as_int_and_ids_as_int_are_typed_and_accepted(
    books: ZohoBooks, http: aioresponses
) -> None:
    # No type: ignore here: mypy checks that the keyword types accept what the run-time check does.
    http.post(re.compile(rf"{BASE}/contacts\?.*"), status=201, payload={"code": 0, "contact": REQUIRED})
    await books.contacts.create(
        contact_name="Acme",
        credit_limit=1000,
        pricebook_id=460000000038029,
        contact_persons=[{"first_name": "Will", "contact_person_id": 460000000026051}],
    )
    [(_, _, kwargs)] = sent(http)
    body = json.loads(kwargs["data"])
    assert body["credit_limit"] == 1000 and body["pricebook_id"] == 460000000038029
    assert body["contact_persons"] == [{"first_name": "Will", "contact_person_id": 460000000026051}]


async def test_money_float_refusal_names_what_is_accepted(books: ZohoBooks) -> None:
    accepted = r"credit_limit must be exact: pass Decimal\('10.1'\) \(a float is not exact\)"
    with pytest.raises(TypeError, match=accepted):
        await books.contacts.create(contact_name="x", credit_limit=10.1)  # type: ignore[arg-type]


async def test_a_nested_key_the_document_lacks_is_refused_naming_its_path(
    books: ZohoBooks, http: aioresponses
) -> None:
    # contacts.create checks nested objects with the one checker, as every generated create does.
    misspelt = {"first_name": "Will", "emial": "will@zylker.com"}
    with pytest.raises(TypeError, match=r"contact_persons\[0\]\.emial.*email"):
        await books.contacts.create(contact_name="Acme", contact_persons=[misspelt])  # type: ignore[list-item]
    assert sent(http) == []


async def test_create_without_a_name_is_refused(books: ZohoBooks) -> None:
    with pytest.raises(TypeError, match="needs contact_name"):
        await books.contacts.create(company_name="x")  # type: ignore[call-arg]


async def test_delete_many_splits_at_zoho_cap(books: ZohoBooks, http: aioresponses) -> None:
    seen: list[str] = []

    def answer(url: object, **kwargs: object) -> CallbackResult:
        seen.append(str(url))
        return CallbackResult(payload={"code": 0, "message": "The contacts have been deleted."})

    http.delete(re.compile(rf"{BASE}/contacts\?.*"), callback=answer, repeat=True)
    results = await books.contacts.delete_many(contact_ids=[str(i) for i in range(1, 61)])
    assert len(results) == 3 and len(seen) == 3
    assert all(r.message == "The contacts have been deleted." for r in results)


async def test_hand_written_bulk_calls_batch_as_in_batches_does(books: ZohoBooks, http: aioresponses) -> None:
    """One batching helper: a repeated id is sent once, as ``batching.in_batches`` sends it."""
    seen: list[str] = []

    def answer(url: object, **kwargs: object) -> CallbackResult:
        seen.append(str(url))
        return CallbackResult(payload={"code": 0, "message": "The contacts have been deleted."})

    http.delete(re.compile(rf"{BASE}/contacts\?.*"), callback=answer, repeat=True)
    await books.contacts.delete_many(contact_ids=["1", "2", "1"])
    assert len(seen) == 1 and "contact_ids=1,2&" in seen[0] + "&"


async def test_per_call_options_override_the_organization(books: ZohoBooks, http: aioresponses) -> None:
    from zbooks_async import RequestOptions

    http.get(
        re.compile(rf"{BASE}/contacts/1\?organization_id=999"),
        payload={"code": 0, "message": "ok", "contact": REQUIRED},
    )
    await books.contacts.get("1", options=RequestOptions(organization_id="999"))
    view = books.with_organization("555")
    http.get(
        re.compile(rf"{BASE}/contacts/1\?organization_id=555"),
        payload={"code": 0, "message": "ok", "contact": REQUIRED},
    )
    await view.contacts.get("1")
    assert len(sent(http)) == 2


async def test_response_option_is_sent_and_the_page_context_carries_the_totals(
    books: ZohoBooks, http: aioresponses
) -> None:
    context = {"page": 1, "per_page": 50, "has_more_page": False, "total": 42, "total_pages": 1}
    http.get(
        re.compile(rf"{BASE}/contacts\?.*"),
        payload={
            "code": 0,
            "message": "success",
            "contacts": [
                {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}
            ],
            "page_context": context,
        },
    )
    page = await books.contacts.list(per_page=50, response_option=2).page()
    assert (page.page_context.total, page.page_context.total_pages) == (42, 1)
    [(_, url, _)] = sent(http)
    assert "response_option=2" in url
