"""OAuth refresh: minting, reuse, single-flight refresh, failures, URL rules and secrecy."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from zbooks_async import RetryPolicy, ZohoBooks
from zbooks_async.auth import MemoryTokenStore, RefreshTokenSource
from zbooks_async.errors import (
    AuthenticationError,
    ConfigurationError,
    MissingScopeError,
    TokenUnavailable,
)

from .fakes import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, FakeAccounts, FakeApi, serve

ORG = "10234695"


class Clock:
    """Epoch seconds that only move when told to."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeAccounts, FakeApi]]:
    async with serve() as both:
        yield both


@pytest.fixture
def accounts(fakes: tuple[FakeAccounts, FakeApi]) -> FakeAccounts:
    return fakes[0]


@pytest.fixture
def api(fakes: tuple[FakeAccounts, FakeApi]) -> FakeApi:
    return fakes[1]


@pytest.fixture
async def clock() -> Clock:
    return Clock()


@pytest.fixture
async def source(accounts: FakeAccounts, clock: Clock) -> AsyncIterator[RefreshTokenSource]:
    tokens = make_source(accounts, clock)
    yield tokens
    await tokens.close()


def make_source(accounts: FakeAccounts, clock: Clock, **overrides: Any) -> RefreshTokenSource:
    settings: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "accounts_url": accounts.url + "/",
        "store": MemoryTokenStore(clock=clock),
        "clock": clock,
    }
    settings.update(overrides)
    return RefreshTokenSource(**settings)


def oauth_books(accounts: FakeAccounts, api: FakeApi, **overrides: Any) -> ZohoBooks:
    settings: dict[str, Any] = {
        "organization_id": ORG,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "accounts_url": accounts.url,
        "base_url": api.url,
        "rate_limit": None,
    }
    settings.update(overrides)
    return ZohoBooks(**settings)


async def test_session_mints_a_token_with_the_refresh_grant_and_signs_calls(
    accounts: FakeAccounts, api: FakeApi
) -> None:
    async with oauth_books(accounts, api) as books:
        contact = await books.contacts.get("1")
        await books.contacts.get("2")
    assert contact.contact_id == "1"
    assert accounts.requests == 1
    assert accounts.forms == [
        {
            "grant_type": "refresh_token",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
        }
    ]
    assert api.rejected == 0


async def test_500_concurrent_calls_that_find_the_token_due_cause_one_token_request(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    first = await source.access_token()
    clock.now += 3600  # expired
    accounts.delay = 0.05
    tokens = await asyncio.gather(*(source.access_token() for _ in range(500)))
    assert set(tokens) == {"tok-2"} and first == "tok-1"
    assert accounts.requests == 2


async def test_500_concurrent_calls_rejected_as_expired_cause_one_refresh_and_one_replay_each(
    accounts: FakeAccounts, api: FakeApi, clock: Clock
) -> None:
    tokens = make_source(accounts, clock, check_api_domain=False)
    async with ZohoBooks(
        organization_id=ORG, token_source=tokens, base_url=api.url, rate_limit=None
    ) as books:
        await books.contacts.get("1")
        clock.now += 600  # an old token, which Zoho now says is expired
        api.revoked.add("tok-1")
        accounts.delay = 0.05
        contacts = await asyncio.gather(*(books.contacts.get(str(n)) for n in range(500)))
    assert [contact.contact_id for contact in contacts] == [str(n) for n in range(500)]
    assert accounts.requests == 2
    assert api.rejected == 500 and api.calls == 1 + 500 + 500


async def test_token_is_refreshed_ahead_of_its_expiry(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    assert await source.access_token() == "tok-1"
    clock.now += 3600 - 301
    assert await source.access_token() == "tok-1"
    clock.now += 2  # within the last five minutes
    assert await source.access_token() == "tok-2"
    assert accounts.requests == 2


async def test_short_lived_tokens_are_refreshed_a_quarter_of_their_life_early(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    accounts.expires_in = "40"
    assert await source.access_token() == "tok-1"
    clock.now += 29
    assert await source.access_token() == "tok-1"
    clock.now += 2
    assert await source.access_token() == "tok-2"


async def test_revoked_refresh_token_fails_fast_for_every_waiter(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    accounts.mode = "revoked"
    accounts.delay = 0.05
    outcomes = await asyncio.gather(
        *(source.access_token() for _ in range(200)), return_exceptions=True
    )
    assert all(isinstance(outcome, AuthenticationError) for outcome in outcomes)
    assert "revoked" in str(outcomes[0]) and "invalid_code" in str(outcomes[0])
    assert accounts.requests == 1
    with pytest.raises(AuthenticationError):
        await source.access_token()
    assert accounts.requests == 1  # remembered: the accounts server is not asked again
    clock.now += 61
    accounts.mode = "ok"
    assert await source.access_token() == "tok-1"
    assert accounts.requests == 2


async def test_too_many_requests_from_accounts_is_a_clear_error_and_not_retried_at_once(
    source: RefreshTokenSource, accounts: FakeAccounts
) -> None:
    accounts.mode = "throttled"
    for _ in range(5):
        with pytest.raises(TokenUnavailable) as raised:  # transient, with a wait: not rejected
            await source.access_token()
    assert not isinstance(raised.value, AuthenticationError)
    assert raised.value.retry_after is not None and 0 < raised.value.retry_after <= 60
    message = str(raised.value)
    assert "too many requests" in message and "10 tokens" in message
    assert "redis_url=" in message
    assert accounts.requests == 1


async def test_accounts_server_failure_is_retried_after_a_short_pause(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    accounts.mode = "broken"
    with pytest.raises(TokenUnavailable, match="accounts server"):
        await source.access_token()
    with pytest.raises(TokenUnavailable):
        await source.access_token()
    assert accounts.requests == 1
    accounts.mode = "ok"
    clock.now += 1.5
    assert await source.access_token() == "tok-1"


async def test_a_failed_refresh_keeps_serving_the_current_token_until_it_expires(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    assert await source.access_token() == "tok-1"
    clock.now += 3400  # due for refresh, not yet expired
    accounts.mode = "broken"
    assert await source.access_token() == "tok-1"
    clock.now += 200  # expired now
    with pytest.raises(TokenUnavailable):
        await source.access_token()


async def test_a_scope_refusal_ends_in_one_mint_at_most_and_names_the_scope(
    accounts: FakeAccounts, api: FakeApi, clock: Clock
) -> None:
    api.revoked.update(f"tok-{n}" for n in range(1, 10))  # valid tokens that lack the scope
    tokens = make_source(accounts, clock, check_api_domain=False)
    async with ZohoBooks(
        organization_id=ORG, token_source=tokens, base_url=api.url, rate_limit=None
    ) as books:
        with pytest.raises(MissingScopeError) as raised:
            await books.contacts.get("1")
        assert accounts.requests == 2  # tok-1 for the call, and one replacement after the 401
        assert raised.value.scope == "ZohoBooks.contacts.READ"
        assert "ZohoBooks.contacts.READ" in str(raised.value)
        for _ in range(5):
            with pytest.raises(MissingScopeError):
                await books.contacts.get("1")
        clock.now += 601
        with pytest.raises(MissingScopeError):
            await books.contacts.get("1")
        assert accounts.requests == 2  # later refusals of that scope mint nothing


async def test_a_token_is_replaced_at_most_three_times_in_ten_minutes(
    source: RefreshTokenSource, accounts: FakeAccounts, clock: Clock
) -> None:
    for _ in range(3):
        assert await source.invalidate(await source.access_token())
    token = await source.access_token()
    assert not await source.invalidate(token)  # kept: a missing scope is likelier than expiry
    clock.now += 601
    assert await source.invalidate(token)
    assert accounts.requests == 4


async def test_unreachable_accounts_server_is_transient_not_rejected_credentials(clock: Clock) -> None:
    tokens = RefreshTokenSource(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        accounts_url="http://127.0.0.1:9",
        clock=clock,
    )
    try:
        with pytest.raises(TokenUnavailable, match="could not reach the Zoho accounts server"):
            await tokens.access_token()
    finally:
        await tokens.close()


@pytest.mark.parametrize(
    ("data_center", "accounts_root"),
    [
        ("com", "https://accounts.zoho.com"),
        ("eu", "https://accounts.zoho.eu"),
        ("in", "https://accounts.zoho.in"),
        ("com.au", "https://accounts.zoho.com.au"),
        ("jp", "https://accounts.zoho.jp"),
        ("ca", "https://accounts.zohocloud.ca"),
        ("com.cn", "https://accounts.zoho.com.cn"),
        ("sa", "https://accounts.zoho.sa"),
    ],
)
async def test_each_data_center_mints_at_its_own_accounts_server(
    data_center: str, accounts_root: str
) -> None:
    tokens = RefreshTokenSource(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        data_center=data_center,
    )
    assert tokens.accounts_url == accounts_root
    await tokens.close()


async def test_api_domain_of_another_data_center_is_refused(
    source: RefreshTokenSource, accounts: FakeAccounts
) -> None:
    accounts.api_domain = "https://www.zohoapis.eu"
    with pytest.raises(ConfigurationError, match="not the API of data center 'com'"):
        await source.access_token()


@pytest.mark.parametrize(
    "api_domain",
    ["http://www.zohoapis.com", "https://evil.example", "https://www.zohoapis.com.evil.example"],
)
async def test_api_domain_must_be_the_data_centers_https_host(
    accounts: FakeAccounts, api: FakeApi, api_domain: str
) -> None:
    accounts.api_domain = api_domain
    tokens = make_source(accounts, Clock())
    try:
        with pytest.raises(ConfigurationError):
            await tokens.access_token()
    finally:
        await tokens.close()


async def test_matching_api_domain_is_accepted(
    source: RefreshTokenSource, accounts: FakeAccounts
) -> None:
    accounts.api_domain = "https://www.zohoapis.com/"
    assert await source.access_token() == "tok-1"


async def test_explicit_base_url_wins_over_the_api_domain_answer(
    accounts: FakeAccounts, api: FakeApi
) -> None:
    accounts.api_domain = "https://www.zohoapis.eu"
    async with oauth_books(accounts, api) as books:
        assert (await books.contacts.get("7")).contact_id == "7"
        assert books.base_url == api.url


async def test_without_base_url_the_answer_must_match_the_data_center(
    accounts: FakeAccounts,
) -> None:
    accounts.api_domain = "http://127.0.0.1:1"
    books = ZohoBooks(
        organization_id=ORG,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        accounts_url=accounts.url,
        rate_limit=None,
    )
    async with books:
        with pytest.raises(ConfigurationError, match="no token is sent there"):
            await books.contacts.get("1")
    assert books.base_url == "https://www.zohoapis.com/books/v3"


async def test_secrets_stay_out_of_reprs_errors_and_logs(
    accounts: FakeAccounts, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = (CLIENT_SECRET, REFRESH_TOKEN)
    seen: list[str] = []
    async with oauth_books(accounts, api) as books:
        await books.contacts.get("1")
        seen += [repr(books), repr(books._core.tokens), repr(books._core.tokens)]
        assert "tok-1" not in repr(books._core.tokens)
    for mode in ("revoked", "throttled", "broken"):
        accounts.mode = mode
        async with oauth_books(accounts, api, retry=RetryPolicy(max_retries=0)) as books:
            with pytest.raises((AuthenticationError, TokenUnavailable)) as raised:
                await books.contacts.get("1")
            seen += [str(raised.value), repr(raised.value)]
    text = "\n".join([*seen, caplog.text])
    for secret in (*secrets, "tok-1"):
        assert secret not in text


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, "also needs refresh_token"),
        ({"access_token": "t", "refresh_token": REFRESH_TOKEN}, "only one way"),
        ({"access_token": "t", "accounts_url": "https://accounts.zoho.eu"}, "apply to OAuth"),
        (
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "refresh_token": REFRESH_TOKEN,
                "accounts_url": "ftp://accounts",
            },
            "accounts_url must be",
        ),
        ({"client_id": " ", "client_secret": "s", "refresh_token": "r"}, "client_id is empty"),
        ({}, "no credentials"),
    ],
)
async def test_credential_keywords_are_checked(keywords: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        ZohoBooks(organization_id=ORG, **keywords)


async def test_a_token_mint_is_logged_at_info_without_the_token(
    accounts: FakeAccounts, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="zbooks_async.auth")
    async with oauth_books(accounts, api) as books:
        await books.contacts.get("1")
    mints = [r for r in caplog.records if r.name == "zbooks_async.auth" and "minted" in r.getMessage()]
    assert [r.levelno for r in mints] == [logging.INFO]
    assert "expires in" in mints[0].getMessage()
    assert "tok-1" not in caplog.text and REFRESH_TOKEN not in caplog.text
