"""The paginator: one page fetched ahead while the caller works, never past the last page,
cancelled when the caller stops; a server that never stops paging is caught."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from zbooks_async.errors import MalformedResponseError
from zbooks_async.models.common import PageContext
from zbooks_async.pagination import Page, Paginator


class Server:
    """Pages of ``size`` numbers; each fetch waits until the test opens its gate."""

    def __init__(self, pages: int, *, size: int = 2, gated: bool = False) -> None:
        self.pages = pages
        self.size = size
        self.started: list[int] = []
        self.cancelled: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}
        self.gated = gated

    def gate(self, number: int) -> asyncio.Event:
        return self.gates.setdefault(number, asyncio.Event())

    async def fetch(self, number: int, per_page: int) -> Page[int]:
        self.started.append(number)
        try:
            if self.gated:
                await self.gate(number).wait()
        except asyncio.CancelledError:
            self.cancelled.append(number)
            raise
        first = (number - 1) * self.size
        context = PageContext(page=number, per_page=per_page, has_more_page=number < self.pages)
        return Page(items=list(range(first, first + self.size)), page_context=context)


async def test_every_item_of_every_page_comes_in_order() -> None:
    server = Server(pages=3)
    assert [item async for item in Paginator(server.fetch)] == [0, 1, 2, 3, 4, 5]
    assert server.started == [1, 2, 3]


async def test_the_next_page_is_fetched_while_the_caller_holds_the_current_one() -> None:
    server = Server(pages=3, gated=True)
    server.gate(1).set()
    async with aclosing(Paginator(server.fetch).pages()) as pages:
        first = await anext(pages)
        await asyncio.sleep(0)  # one turn of the loop: the fetch ahead starts
        assert first.items == [0, 1] and server.started == [1, 2]
        assert 3 not in server.started  # only one page ahead
        server.gate(2).set()
        second = await anext(pages)
        await asyncio.sleep(0)
        assert second.items == [2, 3] and server.started == [1, 2, 3]


async def test_nothing_is_fetched_past_the_last_page() -> None:
    server = Server(pages=2)
    async with aclosing(Paginator(server.fetch).pages()) as pages:
        assert [page.items async for page in pages] == [[0, 1], [2, 3]]
    assert server.started == [1, 2]


async def test_stopping_early_cancels_the_page_fetched_ahead() -> None:
    server = Server(pages=5, gated=True)
    server.gate(1).set()
    async with aclosing(Paginator(server.fetch).__aiter__()) as items:
        assert await anext(items) == 0
        await asyncio.sleep(0)
    assert server.started == [1, 2] and server.cancelled == [2]
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_collect_with_a_limit_cancels_the_page_ahead() -> None:
    server = Server(pages=5, gated=True)
    server.gate(1).set()
    assert await Paginator(server.fetch).collect(limit=1) == [0]
    # The fetch ahead was cancelled before or after it began: either way no task is left.
    assert server.started in ([1], [1, 2]) and server.cancelled == server.started[1:]
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_a_failed_page_ahead_is_raised_when_reached() -> None:
    async def fetch(number: int, per_page: int) -> Page[int]:
        if number == 2:
            raise MalformedResponseError("page two is broken")
        return Page(items=[number], page_context=PageContext(page=number, has_more_page=True))

    seen = []
    with pytest.raises(MalformedResponseError, match="page two"):
        async for item in Paginator(fetch):
            seen.append(item)
    assert seen == [1]


async def test_a_failed_page_ahead_that_is_never_reached_is_dropped_quietly() -> None:
    # Warnings are errors here: an exception left unretrieved in the task would fail the test.
    async def fetch(number: int, per_page: int) -> Page[int]:
        if number == 2:
            raise MalformedResponseError("page two is broken")
        return Page(items=[number], page_context=PageContext(page=number, has_more_page=True))

    async with aclosing(Paginator(fetch).pages()) as pages:
        await anext(pages)
        await asyncio.sleep(0)
        await asyncio.sleep(0)


async def test_a_server_repeating_the_same_page_forever_is_malformed() -> None:
    async def fetch(number: int, per_page: int) -> Page[int]:
        return Page(items=[1, 2], page_context=PageContext(has_more_page=True))  # no page number

    with pytest.raises(MalformedResponseError, match="holds only records already read on page 1"):
        await Paginator(fetch).collect()


async def test_a_server_answering_another_page_than_asked_is_malformed() -> None:
    async def fetch(number: int, per_page: int) -> Page[int]:
        return Page(items=[number], page_context=PageContext(page=1, has_more_page=True))

    with pytest.raises(MalformedResponseError, match="asked for page 2 of a list, Zoho answered page 1"):
        await Paginator(fetch).collect()
