"""Data centers: each code names its API host and its accounts (OAuth) server."""

from __future__ import annotations

import pytest

from zbooks_async import ZohoBooks
from zbooks_async.auth import RefreshTokenSource
from zbooks_async.datacenters import DATA_CENTERS, data_center


@pytest.mark.parametrize(
    ("code", "api_base_url", "accounts_url"),
    [
        ("uk", "https://www.zohoapis.uk/books/v3", "https://accounts.zoho.uk"),
        ("ae", "https://www.zohoapis.ae/books/v3", "https://accounts.zoho.ae"),
    ],
)
def test_uk_and_uae_data_centers_have_their_own_hosts(
    code: str, api_base_url: str, accounts_url: str
) -> None:
    center = data_center(code)
    assert (center.api_base_url, center.accounts_url) == (api_base_url, accounts_url)


@pytest.mark.parametrize("code", ["uk", "ae"])
async def test_a_session_in_the_uk_or_uae_calls_there_and_mints_there(code: str) -> None:
    async with ZohoBooks(access_token="t", data_center=code) as books:
        assert books.base_url == f"https://www.zohoapis.{code}/books/v3"
    tokens = RefreshTokenSource(client_id="1000.X", client_secret="s", refresh_token="r", data_center=code)
    assert tokens.accounts_url == f"https://accounts.zoho.{code}"
    await tokens.close()


def test_ten_data_centers_are_known() -> None:
    assert sorted(DATA_CENTERS) == ["ae", "ca", "com", "com.au", "com.cn", "eu", "in", "jp", "sa", "uk"]
