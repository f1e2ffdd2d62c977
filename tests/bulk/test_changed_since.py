"""Incremental pull: ``books.contacts.changed_since(mark)`` walks newest first and stops at the mark."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from aiohttp import web

from zbooks_async import ZohoBooks
from zbooks_async.transport import InProcessTransport

IST = timezone(timedelta(hours=5, minutes=30))
START = datetime(2026, 3, 1, 9, 0, tzinfo=IST)


def stamp(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S%z")


class FakeContacts:
    """Just enough of GET /contacts: sorting by last_modified_time, pages, a record of queries."""

    def __init__(self, count: int) -> None:
        self.records = [
            {
                "contact_id": str(1000 + n),
                "contact_name": f"C{n}",
                "contact_type": "customer",
                "status": "active",
                "last_modified_time": stamp(n),
            }
            for n in range(count)
        ]
        self.queries: list[dict[str, str]] = []
        self.before_page: Callable[[int], None] = lambda page: None

    async def list(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.queries.append(query)
        page, per_page = int(query["page"]), int(query["per_page"])
        self.before_page(page)
        ordered = sorted(
            self.records,
            key=lambda r: (r["last_modified_time"], r["contact_id"]),
            reverse=query.get("sort_order") == "D",
        )
        chunk = ordered[(page - 1) * per_page : page * per_page]
        more = page * per_page < len(ordered)
        return web.json_response(
            {
                "code": 0,
                "message": "success",
                "contacts": chunk,
                "page_context": {"page": page, "per_page": per_page, "has_more_page": more},
            }
        )

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/books/v3/contacts", self.list)
        return app


@pytest.fixture
def fake() -> FakeContacts:
    return FakeContacts(25)


@pytest.fixture
async def books(fake: FakeContacts) -> AsyncIterator[ZohoBooks]:
    async with ZohoBooks(
        organization_id="10234695",
        access_token="test-token",
        base_url="http://sandbox.test/books/v3",
        transport=InProcessTransport(fake.app()),
        rate_limit=None,
    ) as session:
        yield session


async def test_walks_newest_first_and_stops_at_the_mark(
    books: ZohoBooks, fake: FakeContacts
) -> None:
    mark = START + timedelta(minutes=20)
    changes = books.contacts.changed_since(mark, per_page=2)

    names = [contact.contact_name async for contact in changes]

    assert names == ["C24", "C23", "C22", "C21", "C20"]
    assert len(fake.queries) == 3  # pages of 2: stops on the page holding C19
    assert fake.queries[0]["sort_column"] == "last_modified_time"
    assert fake.queries[0]["sort_order"] == "D"
    assert changes.next_mark == START + timedelta(minutes=24)


async def test_no_mark_walks_everything(books: ZohoBooks) -> None:
    changes = books.contacts.changed_since(None)
    assert len([c async for c in changes]) == 25
    assert changes.finished


async def test_nothing_changed_keeps_the_mark(books: ZohoBooks) -> None:
    mark = START + timedelta(hours=1)
    changes = books.contacts.changed_since(mark)
    assert [c async for c in changes] == []
    assert changes.next_mark == mark


async def test_mark_is_inclusive_across_time_zones(books: ZohoBooks) -> None:
    same_instant_in_utc = (START + timedelta(minutes=24)).astimezone(UTC)
    names = [c.contact_name async for c in books.contacts.changed_since(same_instant_in_utc)]
    assert names == ["C24"]


async def test_mark_with_a_fraction_of_a_second_still_reads_records_of_that_second(
    books: ZohoBooks,
) -> None:
    # C24 shows 09:24:00; it may have been edited at 09:24:00.7, after a mark taken at .5.
    mark = START + timedelta(minutes=24, microseconds=500_000)
    changes = books.contacts.changed_since(mark)
    names = [c.contact_name async for c in changes]
    assert names == ["C24"]
    assert changes.next_mark == mark


async def test_mark_does_not_move_until_the_walk_is_finished(books: ZohoBooks) -> None:
    mark = START
    changes = books.contacts.changed_since(mark, per_page=5)
    walk = aiter(changes)
    await anext(walk)
    assert changes.next_mark == mark
    await walk.aclose()  # type: ignore[attr-defined]
    assert not changes.finished


async def test_record_edited_during_the_walk_is_not_yielded_twice(
    books: ZohoBooks, fake: FakeContacts
) -> None:
    def edit_before_page_two(page: int) -> None:
        if page == 2:
            # C10 (not read yet) is edited and jumps to the top: the records above its old
            # place shift down by one, so page 2 starts with C20, already read on page 1.
            fake.records[10]["last_modified_time"] = stamp(100)

    fake.before_page = edit_before_page_two
    changes = books.contacts.changed_since(None, per_page=5)
    names = [c.contact_name async for c in changes]

    assert len(names) == len(set(names)) == 24
    assert "C10" not in names
    # The edit is newer than the mark this walk hands on, so the next run picks it up.
    later = [c.contact_name async for c in books.contacts.changed_since(changes.next_mark)]
    assert later == ["C10", "C24"]


async def test_naive_mark_is_refused(books: ZohoBooks) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        books.contacts.changed_since(datetime(2026, 3, 1))


async def test_a_date_mark_means_midnight_utc(books: ZohoBooks, fake: FakeContacts) -> None:
    # The newest record is stamped exactly midnight UTC of March 2nd, the next one a second before.
    fake.records[-1]["last_modified_time"] = "2026-03-02T00:00:00+0000"
    fake.records[-2]["last_modified_time"] = "2026-03-01T23:59:59+0000"

    changes = books.contacts.changed_since(date(2026, 3, 2))
    names = [c.contact_name async for c in changes]

    assert changes.mark == datetime(2026, 3, 2, tzinfo=UTC)
    assert names == [fake.records[-1]["contact_name"]]


async def test_a_mark_of_another_type_is_refused(books: ZohoBooks) -> None:
    with pytest.raises(TypeError, match="datetime, a date or None"):
        books.contacts.changed_since("2026-03-01")  # type: ignore[arg-type]


async def test_sort_filters_cannot_be_overridden(books: ZohoBooks) -> None:
    filters: dict[str, Any] = {"sort_column": "contact_name"}
    with pytest.raises(TypeError, match="sorts by last_modified_time"):
        books.contacts.changed_since(None, **filters)


async def test_filters_are_passed_on(books: ZohoBooks, fake: FakeContacts) -> None:
    [c async for c in books.contacts.changed_since(None, contact_type="vendor")]
    assert fake.queries[0]["contact_type"] == "vendor"
