"""The fake accounts server: minting, bad credentials, mint throttling, expiry, revocation."""

from __future__ import annotations

from typing import Any

from zbooks_async.sandbox import ManualClock

from .conftest import ORG, Harness, Start

GRANT = {
    "grant_type": "refresh_token",
    "client_id": "sandbox-client",
    "client_secret": "sandbox-secret",
    "refresh_token": "sandbox-refresh",
}
TOO_MANY = {
    "error": "Access Denied",
    "error_description": "You have made too many requests continuously. "
    "Please try again after some time.",
}


async def mint(sb: Harness, **changes: str) -> tuple[int, Any]:
    response = await sb.client.post("/oauth/v2/token", data={**GRANT, **changes})
    return response.status, await response.json()


async def call_with(sb: Harness, token: str) -> int:
    response = await sb.client.get(
        "/books/v3/contacts",
        params={"organization_id": ORG},
        headers={"Authorization": f"Zoho-oauthtoken {token}"},
    )
    return response.status


async def test_mint_answers_like_zoho_accounts(sb: Harness) -> None:
    status, payload = await mint(sb)
    assert status == 200
    assert set(payload) == {"access_token", "expires_in", "api_domain", "token_type"}
    assert payload["expires_in"] == 3600
    assert payload["token_type"] == "Bearer"
    assert payload["api_domain"] == f"http://127.0.0.1:{sb.client.port}"
    assert await call_with(sb, payload["access_token"]) == 200
    assert sb.sandbox.stats.token_mints == 1


async def test_minted_token_expires_after_its_lifetime(sb: Harness, clock: ManualClock) -> None:
    _, payload = await mint(sb)
    clock.advance(3599)
    assert await call_with(sb, payload["access_token"]) == 200
    clock.advance(1)
    assert await call_with(sb, payload["access_token"]) == 401


async def test_bad_credentials_are_invalid_code_with_200(sb: Harness) -> None:
    for changes in (
        {"client_id": "x"},
        {"client_secret": "x"},
        {"refresh_token": "x"},
        {"grant_type": "authorization_code"},
    ):
        assert await mint(sb, **changes) == (200, {"error": "invalid_code"})
    assert sb.sandbox.stats.token_mints == 0


async def test_revoked_refresh_token_is_invalid_code(sb: Harness) -> None:
    _, payload = await mint(sb)
    response = await sb.client.post("/_sandbox/tokens/revoke")
    assert response.status == 200
    assert await mint(sb) == (200, {"error": "invalid_code"})
    assert await call_with(sb, payload["access_token"]) == 200


async def test_expire_endpoint_expires_minted_tokens(sb: Harness) -> None:
    _, payload = await mint(sb)
    await sb.client.post("/_sandbox/tokens/expire")
    assert await call_with(sb, payload["access_token"]) == 401
    _, fresh = await mint(sb)
    assert await call_with(sb, fresh["access_token"]) == 200


async def test_too_many_mints_is_access_denied(start: Start, clock: ManualClock) -> None:
    sb = await start(mint_limit=3, mint_window_seconds=600)
    for _ in range(3):
        assert (await mint(sb))[0] == 200
    assert await mint(sb) == (200, TOO_MANY)
    clock.advance(600)
    assert (await mint(sb))[0] == 200
    assert sb.sandbox.stats.token_mints == 4


async def test_custom_credentials_and_lifetime(start: Start) -> None:
    sb = await start(
        client_id="id", client_secret="secret", refresh_token="rt", token_lifetime_seconds=60
    )
    status, payload = await mint(sb, client_id="id", client_secret="secret", refresh_token="rt")
    assert (status, payload["expires_in"]) == (200, 60)
