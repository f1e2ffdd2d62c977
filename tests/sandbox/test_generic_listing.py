"""Every module's lists page and filter like Zoho's, and the sandbox's pipeline (organization, OAuth,
limits, faults, recording) applies to every module, not only contacts."""

from __future__ import annotations

from typing import Any

from zbooks_async.sandbox import FaultConfig

from .conftest import ORG, Harness, Start
from .references import provide


async def new(sb: Harness, path: str, **body: Any) -> dict[str, Any]:
    provide(sb.sandbox.organization(ORG), body)  # the customers named exist
    status, answer = await sb.json("POST", path, json=body)
    assert (status, answer["code"]) == (201, 0), answer
    return answer


async def invoice(sb: Harness, customer_id: str, rate: int) -> str:
    answer = await new(sb, "/invoices", customer_id=customer_id, line_items=[{"name": "Work", "rate": rate}])
    invoice_id: str = answer["invoice"]["invoice_id"]
    return invoice_id


async def test_list_pages_with_zohos_page_context(sb: Harness) -> None:
    for name in ("Chair", "Table", "Lamp"):
        await new(sb, "/items", name=name, rate=10)
    status, first = await sb.json("GET", "/items", params={"per_page": "2"})
    assert status == 200 and [item["name"] for item in first["items"]] == ["Chair", "Table"]
    assert first["page_context"] == {
        "page": 1,
        "per_page": 2,
        "has_more_page": True,
        "report_name": "Items",
        "applied_filter": "Status.All",
        "sort_column": "created_time",
        "sort_order": "A",
    }
    _, second = await sb.json("GET", "/items", params={"per_page": "2", "page": "2"})
    assert [item["name"] for item in second["items"]] == ["Lamp"]
    assert second["page_context"]["has_more_page"] is False


async def test_bad_per_page_is_code_2(sb: Harness) -> None:
    status, answer = await sb.json("GET", "/invoices", params={"per_page": "201"})
    assert (status, answer["code"]) == (400, 2)
    assert "per_page" in answer["message"]


async def test_list_filters_by_customer_and_unpaid_status(sb: Harness) -> None:
    draft = await invoice(sb, "11", 10)
    sent = await invoice(sb, "11", 20)
    other = await invoice(sb, "22", 30)
    for invoice_id in (sent, other):
        await sb.json("POST", f"/invoices/{invoice_id}/status/sent")

    async def ids(**query: str) -> list[str]:
        _, answer = await sb.json("GET", "/invoices", params=query)
        return [row["invoice_id"] for row in answer["invoices"]]

    assert await ids(customer_id="11") == [draft, sent]
    assert await ids(status="unpaid") == [sent, other]
    assert await ids(filter_by="Status.Unpaid", customer_id="11") == [sent]
    assert await ids(status="draft") == [draft]
    _, answer = await sb.json("GET", "/invoices", params={"filter_by": "Status.Unpaid"})
    assert answer["page_context"]["applied_filter"] == "Status.Unpaid"


async def test_created_record_carries_zohos_read_only_fields(sb: Harness) -> None:
    lines = [{"name": "Work", "rate": 12.5, "quantity": 2}]
    answer = await new(sb, "/estimates", customer_id="7", line_items=lines)
    assert answer["message"]  # the documented message
    estimate = answer["estimate"]
    assert estimate["status"] == "draft" and estimate["estimate_number"] == "EST-000001"
    assert estimate["total"] == 25 and estimate["line_items"][0]["item_total"] == 25
    assert estimate["created_time"][10] == "T" and estimate["created_time"][-5] in "+-"


async def test_nested_create_needs_its_parent(sb: Harness) -> None:
    status, answer = await sb.json("POST", "/invoices/460000000000001/comments", json={"description": "Hi"})
    assert (status, answer["code"]) == (404, 1002)


async def test_unknown_path_and_method_answer_like_zoho(sb: Harness) -> None:
    assert (await sb.json("GET", "/invoices/1/nothing"))[1] == {"code": 5, "message": "Invalid URL Passed"}
    status, answer = await sb.json("PATCH", "/invoices")
    assert (status, answer["code"]) == (405, 37)


async def test_every_module_needs_an_organization_and_a_token(sb: Harness) -> None:
    status, answer = await sb.json("GET", "/bills", org=None)
    assert (status, answer["code"]) == (400, 2)
    response = await sb.client.get("/books/v3/bills", params={"organization_id": "10234695"})
    # No Authorization header at all: 401 with code 14, as real Zoho answers.
    assert response.status == 401 and (await response.json(content_type=None))["code"] == 14


async def test_every_module_is_rate_limited_and_recorded(start: Start) -> None:
    sb = await start(requests_per_window=2, record_requests=True)
    assert (await sb.json("GET", "/items"))[0] == 200
    assert (await sb.json("GET", "/journals"))[0] == 200
    status, answer = await sb.json("GET", "/expenses")
    assert (status, answer["code"]) == (429, 44)
    assert [request.path for request in sb.sandbox.stats.requests] == [
        "/books/v3/items",
        "/books/v3/journals",
        "/books/v3/expenses",
    ]


async def test_faults_reach_every_module(start: Start) -> None:
    sb = await start(faults=FaultConfig(error_500_rate=1.0))
    status, answer = await sb.json("GET", "/purchaseorders")
    assert (status, answer["code"]) == (500, 1000)


async def test_list_filters_by_an_item_on_a_line(sb: Harness) -> None:
    chair = (await new(sb, "/items", name="Chair", rate=10))["item"]["item_id"]
    with_chair = (await new(sb, "/invoices", customer_id="1", line_items=[{"item_id": chair}]))["invoice"]
    await new(sb, "/invoices", customer_id="1", line_items=[{"name": "Work", "rate": 5}])
    for query in ({"item_id": chair}, {"item_name": "Chair"}):
        _, answer = await sb.json("GET", "/invoices", params=query)
        assert [row["invoice_id"] for row in answer["invoices"]] == [with_chair["invoice_id"]]
    assert with_chair["total"] == 10  # the rate comes from the item


async def test_answers_carry_the_documented_messages_and_examples(sb: Harness) -> None:
    assert (await new(sb, "/items", name="Chair", rate=10))["message"] == "The item has been added."
    status, templates = await sb.json("GET", "/invoices/templates")
    assert status == 200 and templates["templates"][0]["template_name"] == "Service - Classic"
