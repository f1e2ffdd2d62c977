"""Auth, organization, routing and the three Zoho limits, in the order Zoho applies them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from zbooks_async.sandbox import ManualClock
from zbooks_async.sandbox.errors import IN_FLIGHT_MESSAGE, RATE_LIMIT_MESSAGE

from .conftest import ORG, Harness, Start

NOT_AUTHORIZED = {"code": 57, "message": "You are not authorized to perform this operation"}


async def test_no_authorization_header_is_code_14(sb: Harness) -> None:
    response = await sb.client.get("/books/v3/contacts", params={"organization_id": ORG})
    assert response.status == 401
    assert await response.json() == {"code": 14, "message": "Invalid value passed for authtoken"}


async def test_wrong_scheme_is_code_57(sb: Harness) -> None:
    status, payload = await sb.json(
        "GET", "/contacts", headers={"Authorization": "Bearer test-token"}
    )
    assert (status, payload) == (401, NOT_AUTHORIZED)


async def test_only_listed_tokens_pass_when_configured(start: Start) -> None:
    sb = await start(access_tokens=frozenset({"good"}))
    status, _ = await sb.json("GET", "/contacts")
    assert status == 401
    status, _ = await sb.json(
        "GET", "/contacts", headers={"Authorization": "Zoho-oauthtoken good"}
    )
    assert status == 200


async def test_expired_tokens_fail_until_a_new_one_is_used(sb: Harness) -> None:
    assert (await sb.api("GET", "/contacts")).status == 200
    sb.sandbox.expire_tokens()
    status, payload = await sb.json("GET", "/contacts")
    assert (status, payload) == (401, NOT_AUTHORIZED)
    fresh = {"Authorization": "Zoho-oauthtoken another"}
    assert (await sb.api("GET", "/contacts", headers=fresh)).status == 200


async def test_auth_is_checked_before_organization(sb: Harness) -> None:
    response = await sb.client.get("/books/v3/contacts")
    assert response.status == 401


async def test_missing_organization_is_code_2(sb: Harness) -> None:
    for org in (None, "", "abc"):
        status, payload = await sb.json("GET", "/contacts", org=org)
        assert (status, payload) == (
            400,
            {"code": 2, "message": "Invalid value passed for organization_id"},
        )


async def test_unknown_url_is_code_5(sb: Harness) -> None:
    response = await sb.api("GET", "/nothing/here")
    assert response.status == 404
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert await response.json() == {"code": 5, "message": "Invalid URL Passed"}
    outside = await sb.client.get("/elsewhere")
    assert (outside.status, (await outside.json())["code"]) == (404, 5)


async def test_wrong_method_is_405(sb: Harness) -> None:
    status, payload = await sb.json("PATCH", "/contacts")
    assert status == 405
    assert payload["code"] == 37 and "PATCH" in payload["message"]


async def test_rolling_window_is_code_44_and_reopens(start: Start, clock: ManualClock) -> None:
    sb = await start(requests_per_window=3, window_seconds=60)
    for _ in range(3):
        assert (await sb.api("GET", "/contacts")).status == 200
    status, payload = await sb.json("GET", "/contacts")
    assert (status, payload) == (429, {"code": 44, "message": RATE_LIMIT_MESSAGE})
    clock.advance(59.9)
    assert (await sb.api("GET", "/contacts")).status == 429
    clock.advance(0.2)
    assert (await sb.api("GET", "/contacts")).status == 200


async def test_window_is_per_organization(start: Start) -> None:
    sb = await start(requests_per_window=1)
    assert (await sb.api("GET", "/contacts")).status == 200
    assert (await sb.api("GET", "/contacts")).status == 429
    assert (await sb.api("GET", "/contacts", org="777")).status == 200


async def test_daily_budget_is_code_45_with_the_cap(start: Start, clock: ManualClock) -> None:
    sb = await start(daily_budget=2, requests_per_window=None)
    for _ in range(2):
        assert (await sb.api("GET", "/contacts")).status == 200
    status, payload = await sb.json("GET", "/contacts")
    assert status == 429
    assert payload == {
        "code": 45,
        "message": "The API call for this organization has exceeded the maximum call rate "
        "limit of 2.",
    }
    clock.advance(86400)
    assert (await sb.api("GET", "/contacts")).status == 200


async def test_throttled_requests_count_against_nothing(start: Start, clock: ManualClock) -> None:
    sb = await start(requests_per_window=3, daily_budget=5)
    codes = [(await sb.json("GET", "/contacts"))[1]["code"] for _ in range(6)]
    assert codes == [0, 0, 0, 44, 44, 44]
    clock.advance(60)
    codes = [(await sb.json("GET", "/contacts"))[1]["code"] for _ in range(3)]
    # Only the 5 admitted requests used the budget: the 44s cost nothing.
    assert codes == [0, 0, 45]
    assert sb.sandbox.stats.throttled_by_code == {44: 3, 45: 1}


async def test_budget_is_checked_before_the_window(start: Start) -> None:
    sb = await start(requests_per_window=1, daily_budget=1)
    assert (await sb.api("GET", "/contacts")).status == 200
    assert (await sb.json("GET", "/contacts"))[1]["code"] == 45


def blocking_route(gate: asyncio.Event) -> Callable[[web.UrlDispatcher, str], None]:
    """An extra API route whose handler waits for ``gate``: holds in-flight slots on demand."""

    async def wait(request: web.Request) -> web.Response:
        await gate.wait()
        return web.json_response({"code": 0, "message": "success"})

    def register(router: web.UrlDispatcher, prefix: str) -> None:
        router.add_get(f"{prefix}/blocking", wait)

    return register


async def test_in_flight_cap_is_code_1070(start: Start) -> None:
    gate = asyncio.Event()
    sb = await start(extra_routes=[blocking_route(gate)], max_in_flight=2)
    held = [asyncio.create_task(sb.api("GET", "/blocking")) for _ in range(2)]
    await asyncio.wait_for(sb.sandbox.wait_in_flight(2), 5)
    status, payload = await sb.json("GET", "/contacts")
    assert (status, payload) == (429, {"code": 1070, "message": IN_FLIGHT_MESSAGE})
    assert (await sb.api("GET", "/contacts", org="777")).status == 200
    gate.set()
    assert [r.status for r in await asyncio.gather(*held)] == [200, 200]
    assert (await sb.api("GET", "/contacts")).status == 200
    assert sb.sandbox.stats.max_in_flight[ORG] == 2
    assert sb.sandbox.stats.throttled_by_code == {1070: 1}


async def test_latency_holds_the_slot(start: Start) -> None:
    sb = await start(latency_seconds=0.5, max_in_flight=1)
    first = asyncio.create_task(sb.api("GET", "/contacts"))
    await asyncio.wait_for(sb.sandbox.wait_in_flight(1), 5)
    assert (await sb.json("GET", "/contacts"))[1]["code"] == 1070
    assert (await first).status == 200
    await sb.sandbox.wait_idle()
    assert (await sb.api("GET", "/contacts")).status == 200


async def test_stats_count_requests_by_status(sb: Harness) -> None:
    await sb.api("GET", "/contacts")
    await sb.api("GET", "/contacts", org=None)
    await sb.api("GET", "/contacts/1")
    await sb.api("GET", "/unknown")
    stats = sb.sandbox.stats
    assert stats.total_requests == 4
    assert stats.responses_by_status == {200: 1, 400: 1, 404: 2}


async def test_recorded_requests_show_what_was_sent(start: Start) -> None:
    sb = await start(record_requests=True)
    await sb.api("POST", "/contacts", json={"contact_name": "Rec"}, params={"x": "1"})
    await sb.api("POST", "/contacts", data={"JSONString": '{"contact_name": "Form"}'})
    first, second = sb.sandbox.stats.requests
    assert (first.method, first.path) == ("POST", "/books/v3/contacts")
    assert first.query == {"x": "1", "organization_id": ORG}
    assert first.body == {"contact_name": "Rec"}
    assert first.organization_id == ORG
    assert first.headers["Authorization"] == "Zoho-oauthtoken test-token"
    assert second.body == {"JSONString": '{"contact_name": "Form"}'}
