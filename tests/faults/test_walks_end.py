"""Every walk ends: ``list()`` and ``changed_since`` against loopback servers (real aiohttp) that
repeat pages stop with MalformedResponseError naming the pages, instead of walking forever or
yielding the same records again."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web

from zbooks_async import MalformedResponseError, ZohoBooks

ORG = "10234695"
STAMP = "2026-03-01T09:00:00+0530"
# The module, its list path and answer key, its id field, and how to start each walk.
WALKS: dict[str, tuple[str, str, str, Callable[[ZohoBooks], Any]]] = {
    "contacts.list": ("/contacts", "contacts", "contact_id", lambda b: b.contacts.list(per_page=2)),
    "contacts.changed_since": (
        "/contacts",
        "contacts",
        "contact_id",
        lambda b: b.contacts.changed_since(None, per_page=2),
    ),
    "invoices.list": ("/invoices", "invoices", "invoice_id", lambda b: b.invoices.list(per_page=2)),
    "invoices.changed_since": (
        "/invoices",
        "invoices",
        "invoice_id",
        lambda b: b.invoices.changed_since(None, per_page=2),
    ),
    # No record id is known to this walk: the records' content identifies them.
    "chart_of_accounts.changed_since": (
        "/chartofaccounts",
        "chartofaccounts",
        "account_id",
        lambda b: b.chart_of_accounts.changed_since(None, per_page=2),
    ),
}


# What a contact must carry; other modules' records need only their id.
REQUIRED = {"contact_id": {"contact_name": "C", "contact_type": "customer", "status": "active"}}


def records(id_field: str, first: int) -> list[dict[str, str]]:
    return [
        {id_field: str(1000 + n), "last_modified_time": STAMP, **REQUIRED.get(id_field, {})}
        for n in (first, first + 1)
    ]


class Server:
    """A list endpoint that answers ``page_for(asked)`` (echoing it, or not) and counts requests."""

    def __init__(self, path: str, key: str, id_field: str, page_for: Callable[[int], int], *, echo: bool):
        self.path, self.key, self.id_field = path, key, id_field
        self.page_for = page_for
        self.echo = echo
        self.asked: list[int] = []

    async def answer(self, request: web.Request) -> web.Response:
        asked = int(request.query["page"])
        self.asked.append(asked)
        if len(self.asked) > 50:  # the walk did not end: fail the test rather than hang it
            raise web.HTTPInternalServerError(text="walked forever")
        served = self.page_for(asked)
        context: dict[str, Any] = {"per_page": 2, "has_more_page": True}
        if self.echo:
            context["page"] = asked
        body = {
            "code": 0,
            "message": "success",
            self.key: records(self.id_field, 2 * (served - 1)),
            "page_context": context,
        }
        return web.json_response(body)


@asynccontextmanager
async def serving(server: Server) -> AsyncIterator[ZohoBooks]:
    app = web.Application()
    app.router.add_get(f"/books/v3{server.path}", server.answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api = f"http://127.0.0.1:{runner.addresses[0][1]}/books/v3"
    try:
        async with ZohoBooks(
            organization_id=ORG, access_token="test-token", base_url=api, rate_limit=None
        ) as books:
            yield books
    finally:
        await runner.cleanup()


async def walk(server: Server, start: Callable[[ZohoBooks], Any]) -> tuple[list[Any], str]:
    got: list[Any] = []
    async with serving(server) as books:
        with pytest.raises(MalformedResponseError) as raised:
            async for record in start(books):
                got.append(record)
    return got, str(raised.value)


@pytest.mark.parametrize("name", sorted(WALKS))
async def test_a_server_answering_page_one_whatever_is_asked_ends_the_walk(name: str) -> None:
    # page_context carries no page number, so only the records show the repetition.
    path, key, id_field, start = WALKS[name]
    server = Server(path, key, id_field, lambda asked: 1, echo=False)
    got, message = await walk(server, start)
    assert len(got) == 2  # page 1's two records, once
    assert server.asked == [1, 2] or server.asked == [1, 2, 3]  # list() fetches one page ahead
    assert "page 2 of a list holds only records already read on page 1" in message


@pytest.mark.parametrize("name", sorted(WALKS))
async def test_pages_cycling_a_b_a_b_while_echoing_the_page_asked_end_the_walk(name: str) -> None:
    path, key, id_field, start = WALKS[name]
    server = Server(path, key, id_field, lambda asked: 2 - asked % 2, echo=True)  # 1, 2, 1, 2...
    got, message = await walk(server, start)
    assert len(got) == 4 and len({str(record) for record in got}) == 4
    assert "page 3 of a list holds only records already read on page 1" in message


@pytest.mark.parametrize("name", sorted(WALKS))
async def test_a_server_answering_an_earlier_page_number_names_it(name: str) -> None:
    path, key, id_field, start = WALKS[name]

    class Rewinding(Server):
        async def answer(self, request: web.Request) -> web.Response:
            response = await super().answer(request)
            if int(request.query["page"]) == 3:  # says it is page 1 again
                body = response.text.replace('"page": 3', '"page": 1')  # type: ignore[union-attr]
                return web.Response(text=body, content_type="application/json")
            return response

    server = Rewinding(path, key, id_field, lambda asked: asked, echo=True)
    got, message = await walk(server, start)
    assert len(got) == 4
    assert "asked for page 3 of a list, Zoho answered page 1 again" in message
