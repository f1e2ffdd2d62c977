"""``changed_since`` on generated modules: sorted lists stop at the mark, filtered ones skip older rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from zbooks_async._generated.modules import BooksModules
from zbooks_async.operations import Operation
from zbooks_async.pipeline.values import Response

MARK = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


class Pages(BooksModules):
    """Answers list calls from fixed pages and records each query."""

    def __init__(self, key: str, id_field: str, pages: list[list[datetime]]) -> None:
        self.key, self.id_field, self.pages = key, id_field, pages
        self.queries: list[dict[str, Any]] = []

    def _module_sender(self) -> Pages:
        return self

    async def send(self, operation: Operation, **kwargs: Any) -> Response:
        query = dict(kwargs["query"])
        self.queries.append(query)
        number = query["page"]
        rows = [
            {self.id_field: str(1000 * number + index), "last_modified_time": _stamp(moment)}
            for index, moment in enumerate(self.pages[number - 1])
        ]
        context = {"page": number, "per_page": 2, "has_more_page": number < len(self.pages)}
        return Response(status=200, headers=(), data={self.key: rows, "page_context": context}, body=b"")


async def test_a_sorted_list_is_read_newest_first_and_stops_at_the_mark() -> None:
    hour = timedelta(hours=1)
    pages = [[MARK + 2 * hour, MARK + hour], [MARK, MARK - hour]]
    session = Pages("deliverychallans", "deliverychallan_id", pages)
    changes = session.delivery_challans.changed_since(MARK)
    seen = [row.last_modified_time async for row in changes]
    assert seen == [MARK + 2 * hour, MARK + hour, MARK]
    assert changes.next_mark == MARK + 2 * hour
    assert session.queries[0]["sort_column"] == "last_modified_time"
    assert session.queries[0]["sort_order"] == "D"


async def test_a_filtered_list_sends_the_mark_and_skips_older_rows_without_stopping() -> None:
    hour = timedelta(hours=1)
    session = Pages("invoices", "invoice_id", [[MARK + hour, MARK - timedelta(seconds=1)], [MARK + 2 * hour]])
    changes = session.invoices.changed_since(MARK, customer_id="460000000026049")
    seen = [row.last_modified_time async for row in changes]
    assert seen == [MARK + hour, MARK + 2 * hour]
    assert changes.next_mark == MARK + 2 * hour
    assert session.queries[0]["last_modified_time"] == "2025-03-01T11:59:59+0000"
    assert session.queries[0]["customer_id"] == "460000000026049"
    assert "sort_column" not in session.queries[0]


async def test_a_naive_mark_is_refused_before_any_request() -> None:
    session = Pages("invoices", "invoice_id", [[]])
    with pytest.raises(ValueError, match="timezone-aware"):
        session.invoices.changed_since(datetime(2025, 3, 1))
    assert session.queries == []


async def test_a_date_mark_means_its_midnight_utc_as_on_contacts() -> None:
    session = Pages("invoices", "invoice_id", [[MARK]])
    changes = session.invoices.changed_since(date(2025, 3, 1))
    assert changes.mark == datetime(2025, 3, 1, tzinfo=UTC)
    assert [row.last_modified_time async for row in changes] == [MARK]
    assert session.queries[0]["last_modified_time"] == "2025-02-28T23:59:59+0000"
