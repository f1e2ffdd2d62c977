"""The aiohttp transport's URL (encoded once, read back as the same query) and its cookie policy."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from yarl import URL

from zbooks_async.pipeline.values import Request
from zbooks_async.transport.aiohttp_transport import encoded_url

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
