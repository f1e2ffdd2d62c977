"""What real Zoho does that its documents do not say: budget headers, local midnight, scopes,
code 14, 429s without Retry-After, the code 45 message, token mints refused with HTTP 200.
"""

from __future__ import annotations

from typing import Any

import pytest

from zbooks_async.sandbox import ManualClock, SandboxConfig
from zbooks_async.sandbox.limits import Limits
from zbooks_async.sandbox.scopes import grants, operation_scopes, path_shape

from .conftest import AUTH, NOON_UTC, ORG, Harness, Start
from .test_accounts import GRANT, TOO_MANY

NOT_AUTHORIZED = {"code": 57, "message": "You are not authorized to perform this operation"}


def budget_headers(response: Any) -> tuple[int, int, int]:
    return (
        int(response.headers["X-Rate-Limit-Limit"]),
        int(response.headers["X-Rate-Limit-Remaining"]),
        int(response.headers["X-Rate-Limit-Reset"]),
    )


async def test_every_answer_carries_the_daily_budget_headers(start: Start) -> None:
    sb = await start(daily_budget=1000)
    # 12:00 UTC is 17:30 in the default +0530 organization: 6.5 hours to its midnight.
    assert budget_headers(await sb.api("GET", "/contacts")) == (1000, 999, 23400)
    missing = await sb.api("GET", "/contacts/460000000099999")
    assert missing.status == 404 and budget_headers(missing) == (1000, 998, 23400)
    refused = await sb.client.get("/books/v3/contacts", params={"organization_id": ORG})
    assert refused.status == 401 and budget_headers(refused)[:2] == (1000, 998)
    budget = sb.sandbox.budget()
    assert budget is not None and (budget.limit, budget.remaining) == (1000, 998)


async def test_the_budget_renews_at_the_organizations_local_midnight(
    start: Start, clock: ManualClock
) -> None:
    sb = await start(daily_budget=2, requests_per_window=None, time_zone="Europe/London")
    # 2025-11-30 12:00 in London (GMT): 12 hours to midnight.
    assert budget_headers(await sb.api("GET", "/contacts")) == (2, 1, 43200)
    await sb.api("GET", "/contacts")
    spent = await sb.api("GET", "/contacts")
    assert spent.status == 429 and budget_headers(spent) == (2, 0, 43200)
    clock.advance(43199)
    assert (await sb.api("GET", "/contacts")).status == 429
    clock.advance(1)
    assert budget_headers(await sb.api("GET", "/contacts")) == (2, 1, 86400)


def test_a_utc_midnight_renews_nothing_far_from_utc() -> None:
    clock = ManualClock(0.0)
    config = SandboxConfig(
        clock=clock, wall_clock=lambda: NOON_UTC, daily_budget=5, time_zone="America/Los_Angeles"
    )
    limits = Limits(config)
    for _ in range(5):
        limits.admit(ORG)
        limits.release(ORG)
    clock.advance(12 * 3600)  # 00:00 UTC, 16:00 in Los Angeles
    budget = limits.budget(ORG)
    assert budget is not None and (budget.remaining, budget.reset_seconds) == (0, 8 * 3600)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="IANA"):
        SandboxConfig(time_zone="Mars/Olympus")


async def test_timestamps_carry_the_time_zone_offset(start: Start) -> None:
    sb = await start(time_zone="Europe/London", wall_clock=lambda: 1_664_451_744.0)
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": "Bowman and Co"})
    assert status == 201 and payload["contact"]["created_time"] == "2022-09-29T12:42:24+0100"


async def test_429s_carry_no_retry_after_unless_asked(start: Start) -> None:
    quiet = await start(requests_per_window=1)
    await quiet.api("GET", "/contacts")
    refused = await quiet.api("GET", "/contacts")
    assert refused.status == 429 and "Retry-After" not in refused.headers
    told = await start(requests_per_window=1, retry_after_on_429=True)
    await told.api("GET", "/contacts")
    refused = await told.api("GET", "/contacts")
    assert refused.status == 429 and refused.headers["Retry-After"] == "60"


async def test_a_spent_budget_names_the_cap_like_zoho(start: Start) -> None:
    sb = await start(daily_budget=10000, requests_per_window=None)
    for _ in range(10000):
        sb.sandbox.limits.admit(ORG)
        sb.sandbox.limits.release(ORG)
    status, payload = await sb.json("GET", "/contacts")
    assert (status, payload) == (
        429,
        {
            "code": 45,
            "message": "The API call for this organization has exceeded the maximum call rate "
            "limit of 10,000.",
        },
    )


async def mint(sb: Harness, **changes: str) -> dict[str, Any]:
    response = await sb.client.post("/oauth/v2/token", data={**GRANT, **changes})
    assert response.status == 200
    payload: dict[str, Any] = await response.json()
    return payload


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Zoho-oauthtoken {token}"}


async def test_a_token_minted_with_a_read_scope_cannot_write(sb: Harness) -> None:
    token = (await mint(sb, scope="ZohoBooks.contacts.READ"))["access_token"]
    assert (await sb.api("GET", "/contacts", headers=bearer(token))).status == 200
    status, payload = await sb.json("POST", "/contacts", headers=bearer(token), json={"contact_name": "A"})
    assert (status, payload) == (401, NOT_AUTHORIZED)
    assert sb.sandbox.organization(ORG).contacts == {}


async def test_configured_scopes_limit_every_token(start: Start) -> None:
    sb = await start(scopes=frozenset({"ZohoBooks.contacts.ALL"}))
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": "A"})
    assert status == 201
    contact_id = payload["contact"]["contact_id"]
    # Opening balances need ZohoBooks.settings.READ, per Zoho's contacts.yml.
    status, payload = await sb.json("GET", f"/contacts/{contact_id}/openingbalances")
    assert (status, payload) == (401, NOT_AUTHORIZED)
    sb.sandbox.tokens.grant("test-token", frozenset({"ZohoBooks.fullaccess.all"}))
    assert (await sb.api("GET", f"/contacts/{contact_id}/openingbalances")).status == 200


def test_every_route_scope_comes_from_the_sdk_operations() -> None:
    scopes = operation_scopes()
    assert len(scopes) == 838  # every endpoint of the 42 documents
    assert scopes[("POST", "/invoices")] == "ZohoBooks.invoices.CREATE"
    assert scopes[("POST", "/contacts/{}/active")] == "ZohoBooks.contacts.CREATE"
    opening_balances = path_shape("/contacts/{contact_id:\\d+}/openingbalances")
    assert scopes[("GET", opening_balances)] == "ZohoBooks.settings.READ"


@pytest.mark.parametrize(
    ("held", "needed", "granted"),
    [
        ({"ZohoBooks.contacts.READ"}, "ZohoBooks.contacts.READ", True),
        ({"zohobooks.contacts.read"}, "ZohoBooks.contacts.READ", True),
        ({"ZohoBooks.contacts.ALL"}, "ZohoBooks.contacts.DELETE", True),
        ({"ZohoBooks.fullaccess.all"}, "ZohoBooks.settings.READ", True),
        ({"ZohoBooks.contacts.READ"}, "ZohoBooks.contacts.CREATE", False),
        ({"ZohoBooks.contacts.ALL"}, "ZohoBooks.settings.READ", False),
        (set(), "ZohoBooks.contacts.READ", False),
    ],
)
def test_scope_grants(held: set[str], needed: str, granted: bool) -> None:
    assert grants(held, needed) is granted


async def test_mint_refusals_are_http_200_with_an_error(start: Start) -> None:
    sb = await start()
    for _ in range(10):
        assert "access_token" in await mint(sb)
    assert await mint(sb) == TOO_MANY
    assert await mint(sb, refresh_token="nope") == {"error": "invalid_code"}


async def test_code_14_and_57_are_both_401(sb: Harness) -> None:
    bare = await sb.client.get("/books/v3/contacts", params={"organization_id": ORG})
    assert (bare.status, (await bare.json())["code"]) == (401, 14)
    assert (await sb.api("GET", "/contacts")).status == 200
    sb.sandbox.expire_tokens()
    expired = await sb.client.get("/books/v3/contacts", params={"organization_id": ORG}, headers=AUTH)
    assert (expired.status, (await expired.json())["code"]) == (401, 57)


async def test_every_module_checks_the_scope_of_the_operation_its_path_names(sb: Harness) -> None:
    token = (await mint(sb, scope="ZohoBooks.invoices.READ"))["access_token"]
    assert (await sb.api("GET", "/invoices", headers=bearer(token))).status == 200
    status, payload = await sb.json("POST", "/items", headers=bearer(token), json={"name": "A", "rate": 1})
    assert (status, payload) == (401, NOT_AUTHORIZED)
    status, payload = await sb.json("GET", "/contacts/reference/CRM/1", headers=bearer(token))
    assert (status, payload) == (401, NOT_AUTHORIZED)
    assert sb.sandbox.organization(ORG).records("/items") == {}
