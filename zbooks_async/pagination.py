"""Async pagination shared by every list endpoint: iterate items, or walk page by page.

Walking a list fetches the next page while the caller works on the current one (one page
ahead, never past the last page): against Zoho's 100-300 ms per page, a consumer that spends
as long on each page walks the list in about half the time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable, Iterable, Sequence
from contextlib import aclosing
from typing import Any, Generic, TypeVar

import attrs
import msgspec

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
    """One page of a list: its items and Zoho's ``page_context``.

    ``keys`` are fingerprints of the records as Zoho sent them (see ``record_keys``), one per
    item, by which a walk recognises a record it read before; without them the items' reprs
    serve.
    """

    items: list[T]
    page_context: PageContext
    keys: tuple[Hashable, ...] | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def has_more(self) -> bool:
        """Whether another page follows."""
        return bool(self.page_context.has_more_page)

    def record_keys(self) -> Sequence[Hashable]:
        """One fingerprint per item: ``keys`` when the fetch gave them, else each item's repr."""
        return self.keys if self.keys is not None else [repr(item) for item in self.items]


_ENCODER = msgspec.json.Encoder()


def record_keys(records: Iterable[Any]) -> tuple[Hashable, ...]:
    """Fingerprints of records as parsed from an answer: the hash of each one's JSON.

    About a microsecond a record (a repr of the structured model costs twenty), and only a
    hash is kept, so remembering every record of a long walk stays small.
    """
    keys: list[Hashable] = []
    for record in records:
        try:
            keys.append(hash(_ENCODER.encode(record)))
        except (TypeError, UnicodeEncodeError):  # a lone surrogate read by the stdlib fallback
            keys.append(hash(repr(record)))
    return tuple(keys)


class WalkGuard:
    """Remembers every page and record of one walk, so a walk over a misbehaving server ends.

    A page is refused (MalformedResponseError naming the pages) when Zoho answers another page
    than the one asked for, a page number it answered before, or a page holding only records
    the walk has already read. Comparing with the page before only is not enough: pages that
    cycle A, B, A, B would be walked forever.
    """

    def __init__(self) -> None:
        self._pages: set[int] = set()
        self._first_read: dict[Hashable, int] = {}

    def check(self, asked: int, page: Page[Any], keys: Sequence[Hashable] | None = None) -> None:
        """Refuse ``page`` (fetched as page ``asked``) if it repeats; else remember it.

        ``keys`` identify its records (record ids, say); ``page.record_keys()`` by default.
        """
        answered = page.page_context.page
        if answered is not None and answered != asked:
            again = " again" if answered in self._pages else ""
            raise MalformedResponseError(
                f"asked for page {asked} of a list, Zoho answered page {answered}{again}; "
                "stopped walking it"
            )
        if keys is None:
            keys = page.record_keys()
        first_read = self._first_read
        if keys and all(key in first_read for key in keys):
            earlier = sorted({first_read[key] for key in keys})
            named = ", ".join(str(number) for number in earlier)
            raise MalformedResponseError(
                f"page {asked} of a list holds only records already read on "
                f"page{'s' if len(earlier) > 1 else ''} {named}; stopped walking it "
                "(Zoho keeps answering pages it has answered before)"
            )
        for key in keys:
            first_read.setdefault(key, asked)
        self._pages.add(asked)


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
        than the one asked for, or a page of records already read (anywhere earlier in the
        walk), raises MalformedResponseError rather than being walked forever (``WalkGuard``).
        """
        number = self.first_page
        ahead: asyncio.Future[Page[T]] | None = asyncio.ensure_future(self._fetch(number, self.per_page))
        guard = WalkGuard()
        try:
            while ahead is not None:
                current = await ahead
                ahead = None
                guard.check(number, current)
                if current.has_more and current.items:
                    ahead = asyncio.ensure_future(self._fetch(number + 1, self.per_page))
                yield current
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

