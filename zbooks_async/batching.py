"""Bulk actions over any number of ids: Zoho takes a comma-separated ``*_ids`` list per request
and caps how many (25 is what the SDK sends, see ``inputs.MAX_IDS_PER_REQUEST``).

    results = await in_batches(books.invoices.approve_many, invoice_ids, param="invoice_ids")

Batches go one after another. When the ids took more than one request, a failing batch raises
``BatchError`` at once, carrying the results of the batches that took effect before it and the
ids not yet sent, so nothing is lost or sent twice by a caller that resumes from
``error.remaining``. Ids that fit one request raise that request's own error: nothing else was
sent. The generated bulk actions on a list of ids (``books.contacts.delete_many``,
``owners.assign_many``, ``tracking_1099.track_many``, ``sms.send_many``, ``documents.restore``)
go through ``in_batches`` too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from .errors import ZohoBooksError
from .inputs import MAX_IDS_PER_REQUEST, id_batches

R = TypeVar("R")


class BatchError(ZohoBooksError):
    """A batch of a bulk action failed; the earlier batches took effect.

    ``done`` holds their results, ``failed_ids`` the batch that failed (its outcome is that of
    ``__cause__``), ``remaining`` the ids after it, never sent.
    """

    def __init__(self, message: str, *, done: list[Any], failed_ids: list[str], remaining: list[str]) -> None:
        super().__init__(message)
        self.done = done
        self.failed_ids = failed_ids
        self.remaining = remaining

    def __reduce__(self) -> Any:
        return (_rebuild, (str(self), self.done, self.failed_ids, self.remaining))


def _rebuild(message: str, done: list[Any], failed_ids: list[str], remaining: list[str]) -> BatchError:
    return BatchError(message, done=done, failed_ids=failed_ids, remaining=remaining)


async def in_batches(
    action: Callable[..., Awaitable[R]],
    ids: Sequence[str | int],
    *,
    param: str,
    size: int = MAX_IDS_PER_REQUEST,
    **keywords: Any,
) -> list[R]:
    """Call ``action(**{param: "id1,id2,..."}, **keywords)`` once per batch of ``size`` ids.

    Ids are checked (digits) before the first request; repeated ids are sent once.
    """
    if isinstance(ids, str | bytes):
        raise TypeError(f"{param} must be a list of ids, got one string")
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_IDS_PER_REQUEST:
        raise ValueError(f"size must be an int from 1 to {MAX_IDS_PER_REQUEST}, got {size!r}")
    unique = list(dict.fromkeys(str(value) if isinstance(value, int) else value for value in ids))
    batches = id_batches(param, unique, size)
    return await run_batches(lambda batch: action(**{param: batch}, **keywords), batches)


async def run_batches(send: Callable[[str], Awaitable[R]], batches: Sequence[str]) -> list[R]:
    """``send(batch)`` for each comma-joined batch of ids, one after another; see the module's
    docstring for what a failing batch raises."""
    results: list[R] = []
    for index, batch in enumerate(batches):
        try:
            results.append(await send(batch))
        except ZohoBooksError as error:
            if len(batches) == 1:
                raise
            later = [one for rest in batches[index + 1 :] for one in rest.split(",")]
            raise BatchError(
                f"batch {index + 1} of {len(batches)} failed ({error}); {len(results)} batches took "
                f"effect, {len(later)} ids were not sent",
                done=results,
                failed_ids=batch.split(","),
                remaining=later,
            ) from error
    return results
