"""The bulk runner: outcomes, bounded concurrency, halting, progress and cancellation."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Iterator

import pytest

from zbooks_async import (
    DailyLimitExceeded,
    NotFoundError,
    OutcomeUnknownError,
    ValidationError,
    ZohoBooks,
)
from zbooks_async.bulk import BulkProgress, BulkResult, ItemCancelledError, run_bulk


async def echo(books: ZohoBooks, item: int) -> int:
    return item * 10


async def test_each_result_carries_its_input_key_and_value(books: ZohoBooks) -> None:
    async with run_bulk(books, [1, 2, 3], echo, key=lambda n: f"n{n}") as run:
        results = [result async for result in run]

    assert sorted((r.item, r.key, r.outcome, r.value) for r in results) == [
        (1, "n1", "succeeded", 10),
        (2, "n2", "succeeded", 20),
        (3, "n3", "succeeded", 30),
    ]
    assert run.report.succeeded == 3
    assert run.report.ok


async def test_default_key_is_the_position_in_the_input(books: ZohoBooks) -> None:
    async with run_bulk(books, ["a", "b"], lambda b, s: asyncio.sleep(0, s)) as run:
        keys = sorted([result.key async for result in run])
    assert keys == ["0", "1"]


async def test_errors_map_to_failed_and_outcome_unknown_to_unknown(books: ZohoBooks) -> None:
    errors: dict[int, Exception] = {
        1: NotFoundError("no such contact", code=1002, http_status=404),
        2: OutcomeUnknownError("answer lost"),
        3: ValueError("contact_name is required"),
        4: TypeError("bad field"),
    }

    async def operation(books: ZohoBooks, item: int) -> int:
        if item in errors:
            raise errors[item]
        return item

    report = await run_bulk(books, range(6), operation).complete()

    assert (report.succeeded, report.failed, report.unknown) == (2, 3, 1)
    assert {entry.key: entry.outcome for entry in report.problems} == {
        "1": "failed",
        "2": "unknown",
        "3": "failed",
        "4": "failed",
    }
    assert [entry.error for entry in report.unknowns] == [errors[2]]
    assert not report.ok


async def test_no_more_than_concurrency_items_are_in_flight(books: ZohoBooks) -> None:
    in_flight = 0
    highest = 0

    async def operation(books: ZohoBooks, item: int) -> int:
        nonlocal in_flight, highest
        in_flight += 1
        highest = max(highest, in_flight)
        for _ in range(1 + item % 4):
            await asyncio.sleep(0)
        in_flight -= 1
        return item

    report = await run_bulk(books, range(500), operation, concurrency=7).complete()

    assert report.succeeded == 500
    assert highest == 7


async def test_input_is_read_only_as_slots_free_up(books: ZohoBooks) -> None:
    pulled = 0
    settled = 0

    def numbers() -> Iterator[int]:
        nonlocal pulled
        for number in range(10_000):
            pulled += 1
            # Never more than the in-flight window ahead of what has settled.
            assert pulled - settled <= 5
            yield number

    def count(progress: BulkProgress) -> None:
        nonlocal settled
        settled = progress.done

    report = await run_bulk(books, numbers(), echo, concurrency=4, on_progress=count).complete()
    assert report.succeeded == 10_000


async def test_async_iterable_input(books: ZohoBooks) -> None:
    async def numbers() -> AsyncIterator[int]:
        for number in range(50):
            await asyncio.sleep(0)
            yield number

    async with run_bulk(books, numbers(), echo, concurrency=3) as run:
        values = sorted([r.value async for r in run if r.value is not None])
    assert values == [n * 10 for n in range(50)]


async def test_a_failing_key_function_fails_only_that_item(books: ZohoBooks) -> None:
    def key(item: dict[str, str]) -> str:
        return item["contact_name"]

    items = [{"contact_name": "A"}, {"name": "no key"}, {"contact_name": "C"}]
    report = await run_bulk(books, items, lambda b, i: asyncio.sleep(0, i), key=key).complete()

    assert (report.succeeded, report.failed) == (2, 1)
    assert report.failures[0].key == "#1"
    assert isinstance(report.failures[0].error, KeyError)


async def test_items_failing_before_they_start_do_not_pile_up_unread(books: ZohoBooks) -> None:
    # Rows whose key cannot be read (or repeat) fail at once; they must still wait their turn
    # like other results instead of the whole input being read ahead into memory.
    pulled = 0

    def rows() -> Iterator[dict[str, str]]:
        nonlocal pulled
        for _ in range(1000):
            pulled += 1
            yield {"no": "key"}

    async with run_bulk(
        books, rows(), lambda b, i: asyncio.sleep(0, i), key=lambda r: r["name"], concurrency=4
    ) as run:
        first = await anext(run)
        assert first.outcome == "failed"
        assert pulled <= 4 + 1
        rest = [result async for result in run]
    assert len(rest) == 999 and run.report.failed == 1000


async def test_daily_limit_stops_reading_input_but_accounts_for_started_items(
    books: ZohoBooks,
) -> None:
    async def operation(books: ZohoBooks, item: int) -> int:
        if item >= 3:
            raise DailyLimitExceeded("daily budget spent", code=45, http_status=429)
        return item

    pulled = 0

    def numbers() -> Iterator[int]:
        nonlocal pulled
        for number in range(1000):
            pulled += 1
            yield number

    report = await run_bulk(books, numbers(), operation, concurrency=1).complete()

    assert report.halted is not None and "DailyLimitExceeded" in report.halted
    assert (report.succeeded, report.failed) == (3, 1)
    assert pulled == 4
    assert not report.interrupted


async def test_validation_errors_do_not_halt_the_run(books: ZohoBooks) -> None:
    async def operation(books: ZohoBooks, item: int) -> int:
        raise ValidationError("duplicate name", code=3062, http_status=400)

    report = await run_bulk(books, range(20), operation).complete()
    assert report.failed == 20
    assert report.halted is None


async def test_progress_reports_counts_after_each_item(books: ZohoBooks) -> None:
    seen: list[BulkProgress] = []

    async def operation(books: ZohoBooks, item: int) -> int:
        if item == 2:
            raise NotFoundError("gone")
        return item

    await run_bulk(books, range(4), operation, on_progress=seen.append, concurrency=1).complete()

    assert [p.done for p in seen] == [1, 2, 3, 4]
    assert (seen[-1].succeeded, seen[-1].failed) == (3, 1)


async def test_breaking_out_cancels_in_flight_items_as_unknown(books: ZohoBooks) -> None:
    gate = asyncio.Event()

    async def operation(books: ZohoBooks, item: int) -> int:
        if item > 0:
            await gate.wait()
        return item

    async with run_bulk(books, range(10), operation, concurrency=3) as run:
        async for result in run:
            assert result.item == 0
            break

    report = run.report
    assert report.interrupted
    assert (report.succeeded, report.unknown) == (1, 2)
    assert all(isinstance(e.error, OutcomeUnknownError) for e in report.unknowns)


async def test_idempotent_runs_report_cut_off_items_as_failed(books: ZohoBooks) -> None:
    gate = asyncio.Event()

    async def operation(books: ZohoBooks, item: int) -> int:
        if item > 0:
            await gate.wait()
        return item

    async with run_bulk(books, range(10), operation, concurrency=3, idempotent=True) as run:
        async for _ in run:
            break

    assert (run.report.succeeded, run.report.failed, run.report.unknown) == (1, 2, 0)
    assert all(isinstance(e.error, ItemCancelledError) for e in run.report.failures)


async def test_cancelling_the_consumer_closes_the_generator_input(books: ZohoBooks) -> None:
    closed = asyncio.Event()
    started = asyncio.Event()

    async def numbers() -> AsyncIterator[int]:
        try:
            for number in range(100):
                yield number
        finally:
            closed.set()

    async def operation(books: ZohoBooks, item: int) -> int:
        started.set()
        await asyncio.Event().wait()
        return item

    async def consume() -> None:
        async with run_bulk(books, numbers(), operation, concurrency=2) as run:
            async for _ in run:
                pass

    task = asyncio.create_task(consume())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert closed.is_set()


async def test_concurrency_must_be_positive(books: ZohoBooks) -> None:
    with pytest.raises(ValueError, match="concurrency"):
        run_bulk(books, [1], echo, concurrency=0)


async def test_bulk_result_ok() -> None:
    assert BulkResult(item=1, key="1", outcome="succeeded", value=2).ok
    assert not BulkResult(item=1, key="1", outcome="failed", error=ValueError()).ok


async def test_memory_stays_flat_however_many_items_stream_through(books: ZohoBooks) -> None:
    def payloads() -> Iterator[bytes]:
        for number in range(2000):
            yield bytes([number % 256]) * 100_000  # 200 MB if anything held on to them

    async def size(books: ZohoBooks, item: bytes) -> int:
        await asyncio.sleep(0)
        return len(item)

    tracemalloc.start()
    try:
        async with run_bulk(books, payloads(), size, concurrency=8) as run:
            async for result in run:
                assert result.value == 100_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert run.report.succeeded == 2000
    assert peak < 5_000_000


async def test_failed_items_keep_no_traceback_in_the_report(books: ZohoBooks) -> None:
    # A traceback keeps every frame of the failed call, and their locals, alive with the report.
    async def operation(books: ZohoBooks, item: int) -> int:
        big = bytes(100_000)
        try:
            raise KeyError(len(big))
        except KeyError as cause:
            raise ValidationError("refused", code=2, http_status=400) from cause

    report = await run_bulk(books, range(3), operation).complete()

    assert report.failed == 3
    for entry in report.problems:
        assert entry.error.__traceback__ is None
        assert entry.error.__cause__ is not None and entry.error.__cause__.__traceback__ is None
        assert entry.to_json()["message"] == "refused (HTTP 400, code 2)"
