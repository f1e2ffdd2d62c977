"""Where the CLI connects: flags over environment, a sandbox only when asked, clear usage errors."""

from __future__ import annotations

import argparse

import pytest

from zbooks_async import RateLimit
from zbooks_async.cli.connection import (
    IN_PROCESS,
    SANDBOX_RATE,
    UsageError,
    add_arguments,
    connection_from,
)

FULL_ENV = {
    "ZOHO_CLIENT_ID": "1000.ABC",
    "ZOHO_CLIENT_SECRET": "shh",
    "ZOHO_REFRESH_TOKEN": "1000.refresh",
    "ZOHO_ORGANIZATION_ID": "10234695",
    "ZOHO_DATA_CENTER": "eu",
}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_reads_every_setting_from_the_environment() -> None:
    link = connection_from(parse(), FULL_ENV)
    assert (link.organization_id, link.client_id, link.data_center) == ("10234695", "1000.ABC", "eu")
    assert link.client_secret is not None and link.client_secret.reveal() == "shh"
    assert link.sandbox is None


def test_flags_win_over_the_environment() -> None:
    link = connection_from(parse("--organization-id", "777", "--data-center", "in"), FULL_ENV)
    assert (link.organization_id, link.data_center) == ("777", "in")


def test_oauth_flags_win_over_an_access_token_in_the_environment() -> None:
    # A stale ZOHO_ACCESS_TOKEN left in the shell must not override credentials on the command line.
    env = {"ZOHO_ACCESS_TOKEN": "1000.stale", "ZOHO_ORGANIZATION_ID": "10234695"}
    flags = ("--client-id", "1000.XYZ", "--client-secret", "s", "--refresh-token", "1000.r")
    link = connection_from(parse(*flags), env)
    assert link.access_token is None
    assert link.client_id == "1000.XYZ"
    assert link.refresh_token is not None and link.refresh_token.reveal() == "1000.r"


def test_incomplete_credentials_name_what_is_missing_and_never_use_the_sandbox() -> None:
    env = {"ZOHO_CLIENT_ID": "1000.ABC", "ZOHO_ORGANIZATION_ID": "10234695"}
    with pytest.raises(UsageError) as caught:
        connection_from(parse(), env)
    message = str(caught.value)
    assert "ZOHO_CLIENT_SECRET" in message and "ZOHO_REFRESH_TOKEN" in message
    assert "ZOHO_CLIENT_ID" not in message
    assert "--sandbox" in message  # offered, not taken


def test_missing_organization_is_named() -> None:
    env = {k: v for k, v in FULL_ENV.items() if k != "ZOHO_ORGANIZATION_ID"}
    with pytest.raises(UsageError, match="ZOHO_ORGANIZATION_ID"):
        connection_from(parse(), env)


def test_an_access_token_is_enough_credentials() -> None:
    link = connection_from(parse(), {"ZOHO_ACCESS_TOKEN": "1000.tok", "ZOHO_ORGANIZATION_ID": "1"})
    assert link.access_token is not None and link.access_token.reveal() == "1000.tok"


def test_unknown_data_center_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown data center"):
        connection_from(parse("--data-center", "mars"), FULL_ENV)


def test_sandbox_needs_no_credentials_and_uses_the_scaled_rate() -> None:
    link = connection_from(parse("--sandbox"), {})
    assert link.sandbox == IN_PROCESS
    assert link.rate_limit == SANDBOX_RATE
    assert link.organization_id == "10234695"


def test_sandbox_url_must_be_loopback() -> None:
    assert connection_from(parse("--sandbox", "http://127.0.0.1:8080"), {}).sandbox == "http://127.0.0.1:8080"
    with pytest.raises(UsageError, match="loopback"):
        connection_from(parse("--sandbox", "https://books.zoho.com"), {})


def test_rate_limit_flag() -> None:
    assert connection_from(parse("--rate-limit", "off"), FULL_ENV).rate_limit is None
    limit = connection_from(parse("--rate-limit", "50/30"), FULL_ENV).rate_limit
    assert limit == RateLimit(requests=50, period=30.0)
    with pytest.raises(UsageError, match="100/60"):
        connection_from(parse("--rate-limit", "fast"), FULL_ENV)


def test_secrets_never_show_in_the_connection_repr() -> None:
    assert "shh" not in repr(connection_from(parse(), FULL_ENV))


def test_sandbox_ignores_the_environment_so_real_tokens_stay_home() -> None:
    link = connection_from(parse("--sandbox"), {**FULL_ENV, "ZOHO_ACCESS_TOKEN": "1000.real"})
    assert link.organization_id == "10234695"
    assert link.access_token is not None and link.access_token.reveal() != "1000.real"
    assert link.client_id is None


def test_sandbox_with_oauth_flags_uses_the_refresh_flow() -> None:
    link = connection_from(
        parse("--sandbox", "--client-id", "c", "--client-secret", "s", "--refresh-token", "r"), {}
    )
    assert link.access_token is None and link.client_id == "c"
