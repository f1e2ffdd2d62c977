"""The checkpoint: what a resumed run skips, redoes and keeps reporting."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from zbooks_async import NotFoundError, OutcomeUnknownError, ZohoBooks
from zbooks_async.bulk import Checkpoint, CheckpointError, run_bulk
from zbooks_async.bulk.checkpoint import claim


class Recorder:
    """An operation that remembers what it was asked to do and fails on request."""

    def __init__(self, fail: frozenset[int] = frozenset(), unknown: frozenset[int] = frozenset()) -> None:
        self.calls: list[int] = []
        self.fail = fail
        self.unknown = unknown

    async def __call__(self, books: ZohoBooks, item: int) -> int:
        self.calls.append(item)
        if item in self.fail:
            raise NotFoundError("no such record", code=1002, http_status=404)
        if item in self.unknown:
            raise OutcomeUnknownError("answer lost")
        return item


async def test_resumed_run_skips_items_that_succeeded(books: ZohoBooks, tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    first = Recorder(fail=frozenset({3}))
    await run_bulk(books, range(6), first, checkpoint=path).complete()

    second = Recorder()
    report = await run_bulk(books, range(6), second, checkpoint=path).complete()

    assert second.calls == [3]
    assert (report.skipped, report.succeeded, report.failed) == (5, 1, 0)
    assert report.total == 6


async def test_unknown_outcomes_are_carried_over_not_redone(books: ZohoBooks, tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    await run_bulk(books, range(4), Recorder(unknown=frozenset({2})), checkpoint=path).complete()

    second = Recorder()
    report = await run_bulk(books, range(4), second, checkpoint=path).complete()

    assert second.calls == []
    assert (report.skipped, report.unknown) == (3, 1)
    (entry,) = report.unknowns
    assert entry.key == "2" and entry.earlier_run
    assert "answer lost" in str(entry.error)


async def test_redo_unknown_tries_them_again(books: ZohoBooks, tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    await run_bulk(books, range(4), Recorder(unknown=frozenset({2})), checkpoint=path).complete()

    second = Recorder()
    report = await run_bulk(books, range(4), second, checkpoint=path, redo_unknown=True).complete()

    assert second.calls == [2]
    assert report.ok


async def test_interrupted_run_resumes_without_redoing_finished_items(
    books: ZohoBooks, tmp_path: Path
) -> None:
    path = tmp_path / "run.checkpoint"
    calls: list[int] = []
    reached_ten = asyncio.Event()

    async def operation(books: ZohoBooks, item: int) -> int:
        calls.append(item)
        if item >= 10:
            reached_ten.set()
            await asyncio.Event().wait()  # hangs until the run is cancelled
        return item

    async def first_run() -> None:
        await run_bulk(books, range(100), operation, checkpoint=path, idempotent=True).complete()

    task = asyncio.create_task(first_run())
    await reached_ten.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    done_first = set(calls)

    calls.clear()

    async def quick(books: ZohoBooks, item: int) -> int:
        calls.append(item)
        return item

    report = await run_bulk(books, range(100), quick, checkpoint=path, idempotent=True).complete()

    assert set(range(10)) <= done_first
    assert not set(calls) & set(range(10))
    assert sorted(calls) == list(range(10, 100))
    assert (report.skipped, report.succeeded) == (10, 90)


async def test_non_idempotent_items_cut_off_stay_unknown_on_resume(books: ZohoBooks, tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    started = asyncio.Event()

    async def hang(books: ZohoBooks, item: int) -> int:
        started.set()
        await asyncio.Event().wait()
        return item

    task = asyncio.create_task(run_bulk(books, [1, 2], hang, checkpoint=path).complete())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    second = Recorder()
    report = await run_bulk(books, [1, 2], second, checkpoint=path).complete()
    assert second.calls == []
    assert report.unknown == 2


async def test_duplicate_keys_fail_when_checkpointing(books: ZohoBooks, tmp_path: Path) -> None:
    report = await run_bulk(
        books, ["a", "b", "a"], lambda b, s: asyncio.sleep(0, s), key=str, checkpoint=tmp_path / "c"
    ).complete()
    assert (report.succeeded, report.failed) == (2, 1)
    assert "more than once" in str(report.failures[0].error)


async def test_torn_last_line_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    path.write_text('{"zbooks_checkpoint":1}\n{"key":"a","outcome":"succeeded"}\n{"key":"b","outc')

    checkpoint = await Checkpoint.open(path)
    checkpoint.record("c", "succeeded")
    checkpoint.close()

    assert path.read_text().splitlines()[-1] == '{"key":"c","outcome":"succeeded"}'
    reopened = await Checkpoint.open(path)
    assert [reopened.outcome(k) for k in "abc"] == ["succeeded", None, "succeeded"]
    reopened.close()


async def test_a_file_that_is_not_a_checkpoint_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "contacts.jsonl"
    path.write_text('{"contact_name": "Bowman and Co"}\n')
    with pytest.raises(CheckpointError, match="not a zbooks checkpoint"):
        await Checkpoint.open(path)
    assert path.read_text() == '{"contact_name": "Bowman and Co"}\n'


async def test_a_damaged_middle_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    path.write_text('{"zbooks_checkpoint":1}\nnot json\n{"key":"a","outcome":"succeeded"}\n')
    with pytest.raises(CheckpointError, match="line 2"):
        await Checkpoint.open(path)


async def test_later_lines_win_and_carry_their_message(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    checkpoint = await Checkpoint.open(path)
    checkpoint.record("a", "failed", NotFoundError("gone"))
    checkpoint.record("b", "unknown", OutcomeUnknownError("lost"))
    checkpoint.record("a", "succeeded")
    checkpoint.close()

    reopened = await Checkpoint.open(path)
    assert reopened.counts() == {"succeeded": 1, "failed": 0, "unknown": 1}
    assert reopened.message("b") == "lost"
    assert reopened.message("a") is None
    reopened.close()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0] == {"zbooks_checkpoint": 1}
    assert lines[2]["error_type"] == "OutcomeUnknownError"


async def _killed_mid_flight(books: ZohoBooks, path: Path, *, idempotent: bool = False) -> None:
    """Run items 0..5, items 4 and 5 hang; copy the checkpoint as a SIGKILL would leave it."""
    hanging = 0
    both_in_flight = asyncio.Event()

    async def operation(books: ZohoBooks, item: int) -> int:
        nonlocal hanging
        if item >= 4:
            hanging += 1
            if hanging == 2:
                both_in_flight.set()
            await asyncio.Event().wait()
        return item

    task = asyncio.create_task(
        run_bulk(books, range(6), operation, checkpoint=path, concurrency=2, idempotent=idempotent).complete()
    )
    await both_in_flight.wait()
    on_disk = await asyncio.to_thread(path.read_bytes)  # what a kill -9 now would leave: flushed lines only
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.to_thread(path.write_bytes, on_disk)


async def test_items_in_flight_when_the_process_is_killed_are_not_sent_again(
    books: ZohoBooks, tmp_path: Path
) -> None:
    path = tmp_path / "run.checkpoint"
    await _killed_mid_flight(books, path)

    second = Recorder()
    report = await run_bulk(books, range(6), second, checkpoint=path).complete()

    assert second.calls == []  # 4 and 5 may have been applied: not sent again
    assert (report.skipped, report.unknown) == (4, 2)
    assert sorted(entry.key for entry in report.unknowns) == ["4", "5"]
    assert all(entry.earlier_run for entry in report.unknowns)


async def test_idempotent_items_in_flight_when_the_process_is_killed_are_redone(
    books: ZohoBooks, tmp_path: Path
) -> None:
    path = tmp_path / "run.checkpoint"
    await _killed_mid_flight(books, path, idempotent=True)

    second = Recorder()
    report = await run_bulk(books, range(6), second, checkpoint=path, idempotent=True).complete()

    assert sorted(second.calls) == [4, 5]
    assert report.ok and (report.skipped, report.succeeded) == (4, 2)


async def test_a_resolvable_unknown_stays_resolvable_when_its_resume_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    lines = ['{"zbooks_checkpoint":1}', '{"key":"A","outcome":"unknown","resolvable":true}']
    path.write_text("\n".join([*lines, '{"key":"A","started":true}', '{"key":"B","started":true}']) + "\n")

    checkpoint = await Checkpoint.open(path)

    assert checkpoint.outcome("A") == checkpoint.outcome("B") == "unknown"
    assert checkpoint.resolvable("A") and not checkpoint.resolvable("B")
    checkpoint.close()


ITEMS = {"command": "records import", "module": "items"}


async def test_claim_starts_a_checkpoint_naming_its_scope_that_the_runner_resumes(
    books: ZohoBooks, tmp_path: Path
) -> None:
    path = tmp_path / "run.checkpoint"
    claim(path, ITEMS)
    await run_bulk(books, range(3), Recorder(), checkpoint=path).complete()

    claim(path, ITEMS)  # the same scope: accepted, nothing rewritten
    second = Recorder()
    report = await run_bulk(books, range(3), second, checkpoint=path).complete()

    assert json.loads(path.read_text().splitlines()[0]) == {"zbooks_checkpoint": 1, "scope": ITEMS}
    assert second.calls == [] and report.skipped == 3


def test_claim_refuses_the_checkpoint_of_another_scope_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    claim(path, ITEMS)
    before = path.read_bytes()
    with pytest.raises(CheckpointError, match=r"module items.*module journals.*new --checkpoint"):
        claim(path, {"command": "records import", "module": "journals"})
    assert path.read_bytes() == before


def test_claim_refuses_a_checkpoint_that_names_no_scope(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    path.write_text('{"zbooks_checkpoint":1}\n{"key":"line 1","outcome":"succeeded"}\n')
    with pytest.raises(CheckpointError, match="line number"):
        claim(path, ITEMS)


@pytest.mark.parametrize("content", [b"", b'{"zbooks_check', b'{"zbooks_checkpoint":1,"scope":{"comm'])
def test_claim_restarts_a_checkpoint_whose_header_was_cut_off(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "run.checkpoint"
    path.write_bytes(content)
    claim(path, ITEMS)
    assert json.loads(path.read_text()) == {"zbooks_checkpoint": 1, "scope": ITEMS}


def test_claim_never_overwrites_a_file_that_is_not_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"contact_name\nBowman")  # no line end at the end
    with pytest.raises(CheckpointError, match="not a zbooks checkpoint"):
        claim(path, ITEMS)
    assert path.read_bytes() == b"contact_name\nBowman"


def test_a_dry_run_claim_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "run.checkpoint"
    claim(path, ITEMS, create=False)
    assert not path.exists()
