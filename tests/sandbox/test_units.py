"""The pure building blocks, without HTTP: config, limits, tokens, state, timestamps."""

from __future__ import annotations

import aiohttp
import pytest

from zbooks_async.sandbox import ManualClock, SandboxConfig, serve
from zbooks_async.sandbox.auth import MintRefused, Tokens
from zbooks_async.sandbox.envelope import ZohoError
from zbooks_async.sandbox.limits import Limits
from zbooks_async.sandbox.state import SandboxState


def test_scaled_config_shrinks_every_duration() -> None:
    config = SandboxConfig().scaled(1 / 60)
    assert config.window_seconds == pytest.approx(1.0)
    assert config.day_seconds == pytest.approx(1440.0)
    assert config.token_lifetime_seconds == pytest.approx(60.0)
    assert config.mint_window_seconds == pytest.approx(10.0)
    assert config.requests_per_window == 100


def test_unlimited_config_switches_the_limits_off() -> None:
    config = SandboxConfig().unlimited()
    assert (config.requests_per_window, config.max_in_flight, config.daily_budget) == (
        None,
        None,
        None,
    )


def codes(limits: Limits, org: str, n: int) -> list[int]:
    result = []
    for _ in range(n):
        try:
            limits.admit(org)
            result.append(0)
        except ZohoError as exc:
            result.append(exc.code)
    return result


def test_limits_refuse_in_zoho_order() -> None:
    clock = ManualClock()
    limits = Limits(
        SandboxConfig(
            clock=clock,
            wall_clock=lambda: 1_764_504_000.0,  # local 17:30: no midnight within the test
            requests_per_window=2,
            daily_budget=3,
            max_in_flight=None,
        )
    )
    assert codes(limits, "1", 3) == [0, 0, 44]
    clock.advance(60)
    assert codes(limits, "1", 2) == [0, 45]
    assert limits.used_today("1") == 3


def test_limits_in_flight_slots_are_returned() -> None:
    limits = Limits(SandboxConfig(max_in_flight=1, requests_per_window=None, daily_budget=None))
    assert codes(limits, "1", 2) == [0, 1070]
    limits.release("1")
    assert codes(limits, "1", 1) == [0]
    assert limits.in_flight("1") == 1


def test_limits_switched_off_admit_everything() -> None:
    limits = Limits(SandboxConfig().unlimited())
    assert codes(limits, "1", 500) == [0] * 500


def test_tokens_accept_any_non_empty_token_by_default() -> None:
    tokens = Tokens(SandboxConfig())
    assert tokens.is_valid("anything")
    assert not tokens.is_valid("")
    assert not tokens.is_valid(None)
    assert tokens.token_from_header("Zoho-oauthtoken abc") == "abc"
    assert tokens.token_from_header("Bearer abc") is None


def test_minted_tokens_expire_on_the_clock() -> None:
    clock = ManualClock()
    tokens = Tokens(SandboxConfig(clock=clock, token_lifetime_seconds=10))
    token = tokens.mint("sandbox-client", "sandbox-secret", "sandbox-refresh")
    assert token.startswith("1000.") and tokens.is_valid(token)
    clock.advance(10)
    assert not tokens.is_valid(token)


def test_mint_refusals() -> None:
    tokens = Tokens(SandboxConfig(mint_limit=1))
    with pytest.raises(MintRefused) as bad:
        tokens.mint("x", "sandbox-secret", "sandbox-refresh")
    assert bad.value.error == "invalid_code"
    tokens.mint("sandbox-client", "sandbox-secret", "sandbox-refresh")
    with pytest.raises(MintRefused) as denied:
        tokens.mint("sandbox-client", "sandbox-secret", "sandbox-refresh")
    assert denied.value.error == "Access Denied"


def test_timestamps_have_no_colon_in_the_offset() -> None:
    assert SandboxState(lambda: 0.0, 330).timestamp(1375684570) == "2013-08-05T12:06:10+0530"
    assert SandboxState(lambda: 0.0, -420).timestamp(1375684570) == "2013-08-04T23:36:10-0700"


def test_related_items_go_away_with_their_contact() -> None:
    state = SandboxState(lambda: 0.0)
    org = state.organization("1")
    org.put_contact({"contact_id": "5", "contact_name": "A"})
    org.related("comments", "5")["9"] = {"comment_id": "9"}
    assert org.related("comments", "5") == {"9": {"comment_id": "9"}}
    org.remove_contact("5")
    assert org.related("comments", "5") == {}
    assert org.contact_id_named("a") is None


async def test_serve_listens_on_a_real_port() -> None:
    runner = await serve("127.0.0.1", 0, SandboxConfig(seed_contacts=1))
    try:
        host, port = runner.addresses[0][:2]
        async with aiohttp.ClientSession() as session:
            async with session.get(
                f"http://{host}:{port}/books/v3/contacts",
                params={"organization_id": "10234695"},
                headers={"Authorization": "Zoho-oauthtoken t"},
            ) as response:
                assert response.status == 200
                assert len((await response.json())["contacts"]) == 1
    finally:
        await runner.cleanup()


def test_contacts_and_their_sub_resources_live_in_the_one_record_store() -> None:
    org = SandboxState(lambda: 0.0).organization("1")
    org.put_contact({"contact_id": "5", "contact_name": "A"})
    org.related("bank_accounts", "5")["7"] = {"account_id": "7"}
    assert org.records("/contacts") == {"5": {"contact_id": "5", "contact_name": "A"}}
    assert org.records("/contacts/{}/bankaccount", ("5",)) == {"7": {"account_id": "7"}}
    org.records("/contacts/{}/card/{}/recurringinvoices", ("5", "8"))["9"] = {"id": "9"}
    org.remove_contact("5")
    assert org.records("/contacts/{}/bankaccount", ("5",)) == {}
    assert org.records("/contacts/{}/card/{}/recurringinvoices", ("5", "8")) == {}
