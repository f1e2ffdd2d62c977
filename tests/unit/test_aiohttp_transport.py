"""The aiohttp transport's URL (encoded once, read back as the same query) and its cookie policy."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from yarl import URL

from zbooks_async import RateLimit, ZohoBooks
from zbooks_async.errors import ConfigurationError
from zbooks_async.pipeline.values import Request
from zbooks_async.transport.aiohttp_transport import (
    MAX_CONNECTIONS,
    AiohttpTransport,
    default_connector_limit,
    encoded_url,
)

from ..http_mock import served_books

PAIRS = (
    ("organization_id", "10234695"),
    ("search_text", "Bowman & Co / 100% +1 ?#=é"),
    ("contact_name_contains", " two  spaces "),
    ("empty", ""),
)


@pytest.mark.parametrize("base_url", ["https://www.zohoapis.eu/books/v3", "https://www.zohoapis.eu/books/v3/"])
def test_the_encoded_url_reads_back_as_the_same_path_and_query(base_url: str) -> None:
    request = Request(method="GET", base_url=base_url, path="/contacts/460000000026049", query=PAIRS)
    url = encoded_url(request)
    assert url.path == "/books/v3/contacts/460000000026049"
    assert tuple(url.query.items()) == PAIRS
    assert tuple(URL(str(url)).query.items()) == PAIRS  # and so does the text on the wire


def test_a_quoted_path_parameter_stays_quoted() -> None:
    request = Request(method="GET", base_url="http://127.0.0.1:8/books/v3", path="/reports/a%2Fb")
    assert encoded_url(request).raw_path == "/books/v3/reports/a%2Fb"


async def test_cookies_a_server_sets_are_never_sent_back() -> None:
    seen: list[str | None] = []

    async def contact(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Cookie"))
        contact = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}
        answer = web.json_response({"code": 0, "message": "success", "contact": contact})
        answer.set_cookie("session", "abc")
        return answer

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", contact)
    async with TestServer(app, host="127.0.0.1") as server, served_books(server) as books:
        await books.contacts.get("1")
        await books.contacts.get("1")
    assert seen == [None, None]


def test_the_default_pool_is_sized_for_many_organizations_within_the_open_files_limit() -> None:
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    expected = MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else min(MAX_CONNECTIONS, soft // 2)
    assert default_connector_limit() == expected
    assert AiohttpTransport()._connector_limit == expected
    assert AiohttpTransport(connector_limit=7)._connector_limit == 7


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "100"])
def test_a_connector_limit_that_is_not_a_positive_int_is_refused(value: object) -> None:
    with pytest.raises((TypeError, ValueError), match="connector_limit"):
        AiohttpTransport(connector_limit=value)  # type: ignore[arg-type]


async def test_a_session_with_default_limits_runs_every_organizations_in_flight_cap_at_once() -> None:
    # 15 organizations x Zoho's 10 in flight = 150 calls at once: aiohttp's default pool of 100
    # held the other 50 back, however many organizations the limiter allowed.
    organizations = [str(10234695 + n) for n in range(15)]
    wanted = len(organizations) * RateLimit().concurrency
    in_flight = 0
    everyone_in = asyncio.Event()

    async def contact(request: web.Request) -> web.Response:
        nonlocal in_flight
        in_flight += 1
        try:
            if in_flight == wanted:
                everyone_in.set()
            await everyone_in.wait()  # answers only once every call is in flight together
        finally:
            in_flight -= 1
        contact = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}
        return web.json_response({"code": 0, "message": "success", "contact": contact})

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", contact)
    async with TestServer(app, host="127.0.0.1") as server:
        books = ZohoBooks(access_token="t", base_url=str(server.make_url("/books/v3")))
        async with books:
            calls = [
                books.with_organization(organization).contacts.get("1")
                for organization in organizations
                for _ in range(RateLimit().concurrency)
            ]
            # A guard against a hang (shorter than an attempt's 30 s timeout, after which a
            # retry would open new connections), not a timing: never reached.
            async with asyncio.timeout(20):
                await asyncio.gather(*calls)
    assert everyone_in.is_set()


def test_connector_limit_is_refused_beside_a_transport_of_ones_own() -> None:
    with pytest.raises(ConfigurationError, match="connector_limit"):
        ZohoBooks(access_token="t", transport=AiohttpTransport(), connector_limit=10)
