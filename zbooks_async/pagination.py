"""Async pagination shared by every list endpoint: iterate items, or walk page by page.

Walking a list fetches the next page while the caller works on the current one (one page
ahead, never past the last page): against Zoho's 100-300 ms per page, a consumer that spends
as long on each page walks the list in about half the time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from typing import Generic, TypeVar

import attrs

from .errors import MalformedResponseError
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


def check_response_option(option: int | None) -> int | None:
    """Zoho's ``response_option`` (e.g. 2 adds ``total``/``total_pages`` to a page's context)."""
    if option is None:
        return None
    if isinstance(option, bool) or not isinstance(option, int):
        raise TypeError(f"response_option must be an int, got {type(option).__name__}")
    if not 0 <= option <= 9:
        raise ValueError(f"response_option must be between 0 and 9, got {option}")
    return option


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

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield pages until Zoho says there are no more.

        While the caller works on a page, the next one (if Zoho says there is one) is already
        being fetched; stopping early cancels that fetch. A server that answers another page
        than the one asked for, or the same page again, raises MalformedResponseError rather
        than being walked forever.
        """
        number = self.first_page
        ahead: asyncio.Future[Page[T]] | None = asyncio.ensure_future(self._fetch(number, self.per_page))
        previous: Page[T] | None = None
        try:
            while ahead is not None:
                current = await ahead
                ahead = None
                _check_progress(number, current, previous)
                if current.has_more and current.items:
                    ahead = asyncio.ensure_future(self._fetch(number + 1, self.per_page))
                yield current
                previous = current
                number += 1
        finally:
            if ahead is not None:  # the caller stopped early, or the page in hand failed
                ahead.cancel()
                await asyncio.gather(ahead, return_exceptions=True)

    async def __aiter__(self) -> AsyncGenerator[T, None]:
        async with aclosing(self.pages()) as pages:  # stopping early cancels the page ahead now
            async for current in pages:
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


def _check_progress(number: int, current: Page[T], previous: Page[T] | None) -> None:
    """Refuse a page that is not the one asked for, or repeats the one before."""
    answered = current.page_context.page
    if answered is not None and answered != number:
        raise MalformedResponseError(
            f"asked for page {number} of a list, Zoho answered page {answered}; stopped walking it"
        )
    if previous is not None and current.items and current.items == previous.items:
        raise MalformedResponseError(
            f"page {number} of a list repeats page {number - 1} although Zoho said more pages "
            "follow; stopped walking it"
        )
