"""Async pagination shared by every list endpoint: iterate items, or walk page by page."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import Generic, TypeVar

import attrs

from .models.common import PageContext

T = TypeVar("T")
MAX_PER_PAGE = 200


def check_per_page(per_page: int) -> int:
    """Zoho serves 1 to 200 records a page; anything else is refused here, before sending."""
    if isinstance(per_page, bool) or not isinstance(per_page, int):
        raise TypeError(f"per_page must be an int, got {type(per_page).__name__}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
    return per_page


def check_page(page: int) -> int:
    """Pages are numbered from 1."""
    if isinstance(page, bool) or not isinstance(page, int):
        raise TypeError(f"page must be an int, got {type(page).__name__}")
    if page < 1:
        raise ValueError(f"page must be 1 or more, got {page}")
    return page


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and Zoho's ``page_context``."""

    items: list[T]
    page_context: PageContext

    @property
    def has_more(self) -> bool:
        """Whether another page follows."""
        return bool(self.page_context.has_more_page)


PageFetcher = Callable[[int, int], Awaitable[Page[T]]]


class Paginator(Generic[T]):
    """A list call not yet made. ``async for item in paginator`` walks every page in turn;
    ``await paginator.page(n)`` fetches one page; ``paginator.pages()`` yields whole pages.
    """

    def __init__(
        self, fetch: PageFetcher[T], *, per_page: int = MAX_PER_PAGE, page: int = 1
    ) -> None:
        self._fetch = fetch
        self.per_page = check_per_page(per_page)
        self.first_page = check_page(page)

    async def page(self, number: int | None = None) -> Page[T]:
        """Fetch one page (the first page of this listing by default)."""
        page = self.first_page if number is None else number
        return await self._fetch(check_page(page), self.per_page)

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield pages until Zoho says there are no more."""
        number = self.first_page
        while True:
            current = await self._fetch(number, self.per_page)
            yield current
            if not current.has_more or not current.items:
                return
            number += 1

    async def __aiter__(self) -> AsyncGenerator[T, None]:
        async for current in self.pages():
            for item in current.items:
                yield item

    async def collect(self, limit: int | None = None) -> list[T]:
        """Gather items into a list, stopping after ``limit`` if given."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be an int of 0 or more, got {limit!r}")
        items: list[T] = []
        if limit == 0:
            return items
        async with aclosing(self.__aiter__()) as walk:
            async for item in walk:
                items.append(item)
                if limit is not None and len(items) >= limit:
                    break
        return items
