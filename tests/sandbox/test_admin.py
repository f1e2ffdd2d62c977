"""Admin endpoints and the Python handle: stats, reset, seed."""

from __future__ import annotations

from .conftest import ORG, Harness, Start


async def test_stats_endpoint_reports_counters(sb: Harness) -> None:
    await sb.api("GET", "/contacts")
    response = await sb.client.get("/_sandbox/stats")
    assert response.status == 200
    stats = (await response.json())["stats"]
    assert stats["total_requests"] == 1
    assert stats["responses_by_status"] == {"200": 1}
    assert stats["max_in_flight"] == {ORG: 1}
    assert stats["token_mints"] == 0


async def test_admin_routes_skip_auth_limits_and_stats(start: Start) -> None:
    sb = await start(requests_per_window=1)
    for _ in range(3):
        assert (await sb.client.get("/_sandbox/stats")).status == 200
    assert sb.sandbox.stats.total_requests == 0


async def test_seed_endpoint_adds_contacts(sb: Harness) -> None:
    response = await sb.client.post(
        "/_sandbox/seed", params={"count": "5", "organization_id": "42"}
    )
    payload = await response.json()
    assert response.status == 200
    assert payload["organization_id"] == "42" and len(payload["contact_ids"]) == 5
    assert len(sb.sandbox.organization("42").contacts) == 5
    bad = await sb.client.post("/_sandbox/seed", params={"count": "many"})
    assert (bad.status, (await bad.json())["code"]) == (400, 2)


async def test_reset_restores_the_starting_state(start: Start) -> None:
    sb = await start(seed_contacts=3, requests_per_window=1)
    stats = sb.sandbox.stats
    await sb.api("POST", "/contacts", json={"contact_name": "Extra"})
    assert (await sb.api("GET", "/contacts")).status == 429
    sb.sandbox.revoke_refresh_token()
    response = await sb.client.post("/_sandbox/reset")
    assert response.status == 200
    assert len(sb.sandbox.organization(ORG).contacts) == 3
    assert stats.total_requests == 0  # the same stats object, zeroed in place
    assert (await sb.api("GET", "/contacts")).status == 200
    assert not sb.sandbox.tokens.refresh_token_revoked


async def test_contacts_endpoint_dumps_the_ground_truth(start: Start) -> None:
    sb = await start(seed_contacts=4)
    response = await sb.client.get("/_sandbox/contacts")
    payload = await response.json()
    assert payload["contacts"] == sb.sandbox.contacts()


async def test_unknown_admin_path_is_json_404(sb: Harness) -> None:
    response = await sb.client.get("/_sandbox/nothing")
    assert response.status == 404
    assert (await response.json())["code"] == 5
