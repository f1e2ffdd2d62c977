"""Tokens go only to the session's API origin: the data center over https, or an explicit base_url."""

from __future__ import annotations

import re
import ssl
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aioresponses import aioresponses

from tests.secrets.secret_support import ACCESS_TOKEN, CONTACT_ID, ORGANIZATION_ID
from zbooks_async import (
    ConfigurationError,
    MalformedResponseError,
    RequestOptions,
    TransportError,
    ZohoBooks,
)
from zbooks_async.pipeline.auth import TokenDestination
from zbooks_async.pipeline.values import Request

Serve = Callable[..., Awaitable[str]]
CONTACT = {"code": 0, "message": "success", "contact": {
    "contact_id": CONTACT_ID, "contact_name": "Bowman", "contact_type": "customer", "status": "active"
}}


class CountingToken:
    """A token source that counts how often a token was handed out."""

    def __init__(self) -> None:
        self.handed_out = 0

    async def access_token(self) -> str:
        self.handed_out += 1
        return ACCESS_TOKEN

    async def invalidate(self, token: str) -> bool:
        return False

    async def close(self) -> None:
        return None


def recording_app(seen: list[web.Request]) -> web.Application:
    async def contact(request: web.Request) -> web.Response:
        seen.append(request)
        return web.json_response(CONTACT)

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", contact)
    return app


@pytest.mark.parametrize(
    ("data_center", "host"),
    [("com", "www.zohoapis.com"), ("eu", "www.zohoapis.eu"), ("com.au", "www.zohoapis.com.au")],
)
async def test_by_default_tokens_go_to_the_data_center_api_host_over_https(
    mocked: aioresponses, data_center: str, host: str
) -> None:
    pattern = re.compile(rf"^https://{re.escape(host)}/books/v3/contacts/{CONTACT_ID}\?.*$")
    mocked.get(pattern, payload=CONTACT)
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN, data_center=data_center
    ) as books:
        assert books.base_url == f"https://{host}/books/v3"
        await books.contacts.get(CONTACT_ID)
    ((method, url), requests) = next(iter(mocked.requests.items()))
    assert (method, url.scheme, url.host) == ("GET", "https", host)
    assert requests[0].kwargs["headers"]["Authorization"] == f"Zoho-oauthtoken {ACCESS_TOKEN}"


async def test_an_explicit_plain_http_base_url_is_the_callers_choice(serve: Serve) -> None:
    seen: list[web.Request] = []
    root = await serve(recording_app(seen))
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN, base_url=f"{root}/books/v3"
    ) as books:
        await books.contacts.get(CONTACT_ID)
    assert seen[0].headers["Authorization"] == f"Zoho-oauthtoken {ACCESS_TOKEN}"


def test_a_data_center_url_over_plain_http_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="plain http"):
        TokenDestination.of("http://www.zohoapis.com/books/v3", explicit=False)


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://www.zohoapis.com/books/v3",
        "www.zohoapis.com/books/v3",
        "/books/v3",
        "https://user:pass@www.zohoapis.com/books/v3",
        "https://www.zohoapis.com/books/v3?x=1",
        "https://www.zohoapis.com/books/v3#top",
    ],
)
def test_a_base_url_that_cannot_be_a_plain_api_root_is_refused(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        ZohoBooks(organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN, base_url=base_url)


@pytest.mark.parametrize(
    ("base_url", "path"),
    [
        ("https://evil.example/books/v3", "/contacts"),
        ("http://www.zohoapis.com/books/v3", "/contacts"),
        ("https://www.zohoapis.com:8443/books/v3", "/contacts"),
        ("https://www.zohoapis.com", "@evil.example/contacts"),
        ("https://www.zohoapis.eu/books/v3", "/contacts"),
    ],
)
async def test_a_request_for_another_origin_is_refused_before_a_token_is_fetched(
    mocked: aioresponses, base_url: str, path: str
) -> None:
    tokens = CountingToken()
    async with ZohoBooks(organization_id=ORGANIZATION_ID, token_source=tokens) as books:
        request = Request(method="GET", base_url=base_url, path=path)
        with pytest.raises(ConfigurationError, match="refusing to send the access token"):
            await books._core.handler(request)
    assert tokens.handed_out == 0
    assert mocked.requests == {}


async def test_redirects_are_not_followed_so_the_token_stays_home(serve: Serve) -> None:
    elsewhere: list[web.Request] = []
    other_root = await serve(recording_app(elsewhere))

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"{other_root}/books/v3/contacts/{CONTACT_ID}")

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", moved)
    root = await serve(app)
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN, base_url=f"{root}/books/v3"
    ) as books:
        with pytest.raises(MalformedResponseError, match="HTTP 302"):
            await books.contacts.get(CONTACT_ID)
    assert elsewhere == []


async def test_tls_certificates_are_verified_by_default(serve: Serve, self_signed: ssl.SSLContext) -> None:
    seen: list[web.Request] = []
    root = await serve(recording_app(seen), ssl_context=self_signed)
    assert root.startswith("https://")
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN, base_url=f"{root}/books/v3"
    ) as books:
        with pytest.raises(TransportError, match=r"(?i)certificate verify failed"):
            await books.contacts.get(CONTACT_ID, options=RequestOptions(max_retries=0))
    assert seen == []
