"""Incremental pulls: walk a listing newest-modified first and stop at the last sync's mark.

List contacts has no "modified since" filter, but it sorts by ``last_modified_time``; so a
nightly sync reads pages newest first and stops at the first record older than the saved mark.

    changes = books.contacts.changed_since(mark)
    async for contact in changes:
        upsert(contact)
    save(changes.next_mark)  # only after the walk finished

The mark is an aware ``datetime``, or a ``date``, which means midnight UTC at its start (the
organization's own time zone is not known to the client; pass an aware datetime for another
midnight). The mark is inclusive: records modified in the very second of the mark are read again (Zoho's
timestamps have one-second resolution, so ``>`` could miss an edit made in that second).
Deleted records never appear in a listing; finding them needs a full pass over the ids. A
record deleted during the walk shifts later ones up a place, so the page-numbered walk can miss
one record per such deletion; an occasional full walk (``mark=None``) catches those.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import UTC, date, datetime
from typing import Generic, TypeVar

from .errors import MalformedResponseError
from .pagination import Paginator, WalkGuard

T = TypeVar("T")


def mark_from(value: datetime | date | None) -> datetime | None:
    """A sync mark: an aware datetime as is, a date as midnight UTC; ValueError/TypeError else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"mark must be a timezone-aware datetime, got {value!r}; "
                "e.g. datetime(2026, 3, 1, tzinfo=UTC), or a date for midnight UTC"
            )
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise TypeError(f"mark must be a datetime, a date or None, got {type(value).__name__}")


class Changes(Generic[T]):
    """Records of a listing sorted by modification time, newest first, down to ``mark``.

    ``mark=None`` walks everything (a first, full sync); a ``date`` means midnight UTC.
    ``next_mark`` is the mark to save for the next run; it moves forward only once the walk
    has reached its end. With ``ordered=False`` (a listing filtered by Zoho to records modified
    after the mark, in no particular order) older records are skipped instead of ending the walk.
    """

    def __init__(
        self,
        listing: Paginator[T],
        mark: datetime | date | None,
        *,
        modified: Callable[[T], datetime | None],
        identity: Callable[[T], str | None],
        ordered: bool = True,
    ) -> None:
        mark = mark_from(mark)
        self._listing = listing
        self.mark = mark
        # Zoho's timestamps are whole seconds: a record shown at 09:24:00 may have been edited
        # at 09:24:00.7, after a mark of 09:24:00.5. Compare against the mark's whole second.
        self._floor = mark.replace(microsecond=0) if mark is not None else None
        self._modified = modified
        self._identity = identity
        self._ordered = ordered
        self._newest: datetime | None = None
        self._finished = False

    @property
    def next_mark(self) -> datetime | None:
        """The newest modification time seen, once the walk is complete; else the old mark."""
        if not self._finished or self._newest is None:
            return self.mark
        if self.mark is not None and self.mark > self._newest:
            return self.mark
        return self._newest

    @property
    def finished(self) -> bool:
        """Whether the walk reached the mark (or the end of the listing)."""
        return self._finished

    async def __aiter__(self) -> AsyncGenerator[T, None]:
        # A record edited during the walk jumps to page 1, shifting later records down by
        # one: the same record can then close one page and open the next. Every id yielded is
        # remembered, so no record comes twice; a page of records all read before means the
        # server repeats itself, and the walk stops (WalkGuard) instead of running forever.
        yielded: set[str] = set()
        guard = WalkGuard()
        number = self._listing.first_page
        while True:
            page = await self._listing.page(number)
            ids = [self._identity(record) for record in page.items]
            guard.check(number, page, ids if None not in ids else None)
            for record, record_id in zip(page.items, ids, strict=True):
                modified = self._modified(record)
                if modified is None:
                    raise MalformedResponseError(
                        "a listed record has no last_modified_time; cannot sync by it"
                    )
                if self._floor is not None and modified < self._floor:
                    if not self._ordered:  # a listing Zoho filtered but did not sort
                        continue
                    self._finished = True
                    return
                if record_id is not None:
                    if record_id in yielded:
                        continue
                    yielded.add(record_id)
                if self._newest is None or modified > self._newest:
                    self._newest = modified
                yield record
            if not page.has_more or not page.items:
                self._finished = True
                return
            number += 1
