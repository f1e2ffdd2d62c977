"""Injected faults, over real sockets and in process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request

from zbooks_async.sandbox import (
    FaultConfig,
    SandboxConfig,
    SimulatedDisconnect,
    create_app,
    get_sandbox,
)

from .conftest import AUTH, ORG, Harness, Start

NEW = {"contact_name": "Faulty"}


async def faulty(start: Start, **rates: Any) -> Harness:
    return await start(faults=FaultConfig(**rates))


def stored(sb: Harness) -> int:
    return len(sb.sandbox.organization(ORG).contacts)


async def test_error_500_answers_before_the_work(start: Start) -> None:
    sb = await faulty(start, error_500_rate=1.0)
    status, payload = await sb.json("POST", "/contacts", json=NEW)
    assert (status, payload) == (500, {"code": 1000, "message": "Internal error"})
    assert stored(sb) == 0
    assert sb.sandbox.stats.faults_injected == {"error_500": 1}


@pytest.mark.parametrize(("kind", "status"), [("html_502", 502), ("html_503", 503)])
async def test_html_pages_like_a_load_balancer(start: Start, kind: str, status: int) -> None:
    sb = await faulty(start, **{f"{kind}_rate": 1.0})
    response = await sb.api("POST", "/contacts", json=NEW)
    assert response.status == status
    assert response.content_type == "text/html"
    assert f"<title>{status} " in await response.text()
    assert stored(sb) == 0


async def test_reset_before_drops_the_connection_without_work(start: Start) -> None:
    sb = await faulty(start, reset_before_rate=1.0)
    with pytest.raises(aiohttp.ClientConnectionError):
        await sb.api("POST", "/contacts", json=NEW)
    assert stored(sb) == 0
    assert sb.sandbox.stats.faults_injected == {"reset_before": 1}
    assert sb.sandbox.stats.responses_by_status == {}


async def test_reset_after_does_the_work_then_drops(start: Start) -> None:
    sb = await faulty(start, reset_after_rate=1.0)
    with pytest.raises(aiohttp.ClientConnectionError):
        await sb.api("POST", "/contacts", json=NEW)
    await sb.sandbox.wait_idle()
    assert stored(sb) == 1


async def test_truncated_json_does_the_work_and_cuts_the_body(start: Start) -> None:
    sb = await faulty(start, truncated_json_rate=1.0)
    response = await sb.api("POST", "/contacts", json=NEW)
    assert response.status == 201
    body = await response.read()
    assert body.startswith(b'{"code":0')
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert stored(sb) == 1


async def test_slow_answers_late_when_the_client_waits(start: Start) -> None:
    sb = await faulty(start, slow_rate=1.0, slow_seconds=0.05)
    status, payload = await sb.json("POST", "/contacts", json=NEW)
    assert (status, payload["code"]) == (201, 0)
    assert stored(sb) == 1


async def test_slow_does_no_work_when_the_client_gives_up(start: Start) -> None:
    sb = await faulty(start, slow_rate=1.0, slow_seconds=30)
    with pytest.raises(asyncio.TimeoutError):
        await sb.api("POST", "/contacts", json=NEW, timeout=aiohttp.ClientTimeout(total=0.2))
    await asyncio.wait_for(sb.sandbox.wait_idle(), 5)
    assert stored(sb) == 0
    assert sb.sandbox.limits.in_flight(ORG) == 0


async def test_slow_holds_an_in_flight_slot(start: Start) -> None:
    sb = await start(faults=FaultConfig(slow_rate=1.0, slow_seconds=30), max_in_flight=1)
    task = asyncio.create_task(sb.api("GET", "/contacts"))
    await asyncio.wait_for(sb.sandbox.wait_in_flight(1), 5)
    assert sb.sandbox.stats.max_in_flight == {ORG: 1}
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.wait_for(sb.sandbox.wait_idle(), 5)


async def test_throttle_burst_alternates_retry_after(start: Start) -> None:
    sb = await faulty(start, throttle_burst_rate=1.0, retry_after_seconds=7)
    first = await sb.api("GET", "/contacts")
    second = await sb.api("GET", "/contacts")
    assert (first.status, (await first.json())["code"]) == (429, 44)
    assert first.headers["Retry-After"] == "7"
    assert (second.status, (await second.json())["code"]) == (429, 44)
    assert "Retry-After" not in second.headers


async def test_token_expiry_answers_57(start: Start) -> None:
    sb = await faulty(start, token_expiry_rate=1.0)
    status, payload = await sb.json("GET", "/contacts")
    assert (status, payload["code"]) == (401, 57)


async def test_faults_spare_admin_and_accounts_routes(start: Start) -> None:
    sb = await faulty(start, error_500_rate=1.0)
    assert (await sb.client.get("/_sandbox/stats")).status == 200
    response = await sb.client.post(
        "/oauth/v2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
            "refresh_token": "sandbox-refresh",
        },
    )
    assert "access_token" in await response.json()


async def test_faults_before_the_work_do_not_use_limits(start: Start) -> None:
    sb = await start(faults=FaultConfig(error_500_rate=1.0), requests_per_window=1)
    for _ in range(3):
        assert (await sb.api("GET", "/contacts")).status == 500
    assert sb.sandbox.limits.used_in_window(ORG) == 0


async def test_fault_sequence_is_deterministic_for_a_seed(start: Start) -> None:
    rates = {"error_500_rate": 0.3, "html_503_rate": 0.2, "seed": 7}

    async def statuses() -> list[int]:
        sb = await start(faults=FaultConfig(**rates), requests_per_window=None)
        return [(await sb.api("GET", "/contacts")).status for _ in range(30)]

    first, second = await statuses(), await statuses()
    assert first == second
    assert {200, 500, 503} == set(first)


def test_rates_must_add_up_to_at_most_one() -> None:
    with pytest.raises(ValueError):
        FaultConfig(error_500_rate=0.6, html_502_rate=0.6)
    with pytest.raises(ValueError):
        FaultConfig(slow_rate=1.5)


async def in_process(app: Any, method: str, path: str) -> Any:
    """Call the app without a socket, as an in-process transport would."""
    request = make_mocked_request(method, path, headers=AUTH, app=app)
    return await app._handle(request)


async def test_in_process_call_works() -> None:
    app = create_app(SandboxConfig(seed_contacts=3))
    response = await in_process(app, "GET", f"/books/v3/contacts?organization_id={ORG}")
    assert response.status == 200
    assert len(json.loads(response.body)["contacts"]) == 3


@pytest.mark.parametrize("kind", ["reset_before", "reset_after"])
async def test_in_process_drop_raises_simulated_disconnect(kind: str) -> None:
    app = create_app(SandboxConfig(faults=FaultConfig(**{f"{kind}_rate": 1.0})))
    with pytest.raises(SimulatedDisconnect) as dropped:
        await in_process(app, "GET", f"/books/v3/contacts?organization_id={ORG}")
    assert dropped.value.work_done == (kind == "reset_after")
    assert isinstance(dropped.value, ConnectionResetError)
    assert get_sandbox(app).limits.in_flight(ORG) == 0


async def test_in_process_slow_is_cancelled_by_the_caller_timeout() -> None:
    app = create_app(SandboxConfig(faults=FaultConfig(slow_rate=1.0, slow_seconds=30)))
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(
            in_process(app, "GET", f"/books/v3/contacts?organization_id={ORG}"), 0.05
        )
    assert get_sandbox(app).limits.in_flight(ORG) == 0
