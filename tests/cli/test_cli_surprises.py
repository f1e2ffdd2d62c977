"""``zbooks`` without surprises: dry runs that predict the run, encodings, Ctrl-C, waits, dates."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.scripted_faults import ScriptedFaults
from zbooks_async.cli import contacts_io, main
from zbooks_async.cli.contact_files import MAX_CELL, read_rows
from zbooks_async.cli.contacts_io import ContactImport, parse_since
from zbooks_async.cli.progress import LimiterWatch, Progress

from .conftest import Start

SANDBOX = ["--sandbox", "--no-progress"]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


REPEATS = [
    {"contact_name": "Bowman and Co", "notes": "first"},
    {"contact_name": "New Co"},
    {"contact_name": " bowman AND co ", "notes": "second"},  # the same contact as line 1
    {"contact_name": "New Co", "notes": "again"},  # and line 2
    {"contact_name": "Typo Co", "contcat_type": "vendor"},
]


@pytest.mark.parametrize("with_checkpoint", [False, True])
async def test_dry_run_predicts_the_run_on_repeated_and_bad_rows(
    start: Start, tmp_path: Path, with_checkpoint: bool
) -> None:
    served = await start()
    await served.books.contacts.create(contact_name="Bowman and Co")
    path = write_jsonl(tmp_path / "in.jsonl", REPEATS)
    checkpoint = tmp_path / "run.ckpt" if with_checkpoint else None

    dry = ContactImport(path, dry_run=True, checkpoint=checkpoint)
    await dry.run(served.books)
    served.sandbox.stats.requests.clear()
    real = ContactImport(path, checkpoint=checkpoint)
    await real.run(served.books)

    assert dry.actions == {"would update": 1, "would create": 1}
    assert real.actions == {"updated": 1, "created": 1}
    failed = ["Typo Co", "line 3", "line 4"]
    assert sorted(e.key for e in dry.report.failures) == sorted(e.key for e in real.report.failures) == failed
    assert "repeats the contact_name 'bowman AND co' of line 1" in str(real.report.failures[0].error)
    assert served.writes() == [("PUT", "Bowman and Co"), ("POST", "New Co")]  # each contact once
    assert {c["contact_name"]: c.get("notes") for c in served.sandbox.contacts()} == {
        "Bowman and Co": "first",
        "New Co": "",
    }


async def test_a_resumed_run_still_fails_the_repeat_of_a_row_done_earlier(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "A"}, {"contact_name": "a", "notes": "x"}])
    checkpoint = tmp_path / "run.ckpt"
    await ContactImport(path, checkpoint=checkpoint).run(served.books)
    served.sandbox.stats.requests.clear()

    report = await ContactImport(path, checkpoint=checkpoint).run(served.books)

    assert (report.skipped, report.failed) == (1, 1)
    assert served.writes() == []


def test_an_undecodable_csv_names_its_line_and_encoding_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes("contact_name,notes\r\nZylker,ok\r\nCafé Zylker,“quoted”\r\n".encode("cp1252"))

    assert main(["contacts", "import", str(path), *SANDBOX]) == 2
    err = capsys.readouterr().err
    assert "line 3 is not utf-8 text" in err and "--encoding" in err

    assert main(["contacts", "import", str(path), *SANDBOX, "--encoding", "cp1252"]) == 0


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "A"}])
    assert main(["contacts", "import", str(path), *SANDBOX, "--encoding", "klingon"]) == 2
    assert "unknown encoding 'klingon'" in capsys.readouterr().err


def test_utf16_jsonl_reads_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"contact_name": "Zylker"}\n{"contact_name": "Bowman"}\n'.encode("utf-16"))

    rows = list(read_rows(path, "utf-16"))

    assert [(row.line, row.fields["contact_name"]) for row in rows] == [(1, "Zylker"), (2, "Bowman")]


def test_the_first_failures_are_printed_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"contact_name": f"Bad {n}", "is_taxable": "maybe"} for n in range(7)]
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "Good"}, *rows])

    assert main(["contacts", "import", str(path), *SANDBOX, "--concurrency", "1"]) == 1

    err = capsys.readouterr().err
    assert "  failed: Bad 0: " in err and "is_taxable" in err
    assert "  failed: Bad 4: " in err and "Bad 5:" not in err
    assert "... and 2 more in the report" in err


def test_ctrl_c_exits_130_with_the_resume_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": f"C{n}"} for n in range(50)])
    checkpoint = tmp_path / "run.ckpt"
    apply = ContactImport._apply
    applied = 0

    async def interrupted_after_five(self: ContactImport, books: object, row: object) -> object:
        nonlocal applied
        applied += 1
        if applied == 5:
            signal.raise_signal(signal.SIGINT)  # as Ctrl-C does: asyncio.run cancels the run
            await asyncio.Event().wait()
        return await apply(self, books, row)  # type: ignore[arg-type]

    monkeypatch.setattr(ContactImport, "_apply", interrupted_after_five)
    argv = ["contacts", "import", str(path), *SANDBOX, "--checkpoint", str(checkpoint)]
    argv += ["--concurrency", "1"]

    assert main(argv) == 130
    err = capsys.readouterr().err
    assert "interrupted; run the same command to resume" in err

    monkeypatch.setattr(ContactImport, "_apply", apply)
    assert main(argv) == 0  # a throwaway sandbox: every row is created again, none twice


async def test_progress_says_when_the_rate_limiter_holds_the_run() -> None:
    now = 100.0
    gate = asyncio.Event()

    class Blocked:
        @asynccontextmanager
        async def slot(self, organization_id: str) -> AsyncIterator[None]:
            await gate.wait()
            yield

        async def throttled(self, organization_id: str, code: int | None, retry_after: float | None) -> None:
            pass

        async def close(self) -> None:
            pass

    watch = LimiterWatch(clock=lambda: now)
    limiter = watch.wrap(Blocked())
    entered = asyncio.Event()

    async def call() -> None:
        async with limiter.slot("1"):
            entered.set()

    task = asyncio.create_task(call())
    await asyncio.sleep(0)
    assert watch.status() is None  # just queued
    now += 42.4
    assert watch.status() == "waiting for rate limit (42 s)"
    bar = Progress("import", total=10, status=watch.status)
    assert bar.status is not None and bar.status() == "waiting for rate limit (42 s)"

    gate.set()
    await task
    assert entered.is_set() and watch.status() is None


def test_since_takes_a_date_as_midnight_utc(tmp_path: Path) -> None:
    assert parse_since("2025-01-01") == datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_since("2025-01-01T09:00:00+0100") == datetime(2025, 1, 1, 8, tzinfo=UTC)
    out = tmp_path / "c.jsonl"
    assert main(["contacts", "export", "--out", str(out), *SANDBOX, "--since", "2025-01-01"]) == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("zbooks ")


def test_export_to_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "dir" / "x.jsonl"
    assert main(["contacts", "export", "--out", str(out), *SANDBOX]) == 2
    assert f"the folder {out.parent} does not exist; create it first" in capsys.readouterr().err


def test_a_damaged_checkpoint_says_how_to_go_on_and_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": f"C{n}"} for n in range(3)])
    checkpoint = tmp_path / "run.ckpt"
    argv = ["contacts", "import", str(path), *SANDBOX, "--checkpoint", str(checkpoint)]
    assert main(argv) == 0
    lines = checkpoint.read_bytes().split(b"\n")
    lines[2] = b'{"key": "C1", "outcome": "succ\xff\xfe'  # invalid UTF-8 in the middle
    checkpoint.write_bytes(b"\n".join(lines))
    capsys.readouterr()

    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "line 3 is damaged" in err and "Delete that line" in err
    assert "run the same command to continue" not in err

    checkpoint.write_bytes(b"\n".join(lines[:2] + lines[3:]))  # the remedy
    assert main(argv) == 0


def test_a_checkpoint_that_is_not_utf8_at_all_is_named_not_a_checkpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "A"}])
    checkpoint = tmp_path / "run.ckpt"
    checkpoint.write_bytes(b"\xff\xfe\x00garbage\n")
    # Refused before connecting, as a usage error: the path is wrong, nothing was run.
    assert main(["contacts", "import", str(path), *SANDBOX, "--checkpoint", str(checkpoint)]) == 2
    assert "is not a zbooks checkpoint" in capsys.readouterr().err


async def test_an_unknown_column_message_is_short(start: Start, tmp_path: Path) -> None:
    served = await start()
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "A", "contcat_type": "vendor"}])

    report = await ContactImport(path).run(served.books)

    message = str(report.failures[0].error)
    assert "contcat_type (did you mean contact_type?)" in message
    assert len(message) < 200


async def test_a_deep_jsonl_line_and_a_huge_csv_cell_fail_their_row_only(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"contact_name": "A"}\n' + "[" * 100_000 + "]" * 100_000 + '\n{"contact_name": "B"}\n')
    wide = tmp_path / "wide.csv"
    wide.write_text(f'contact_name,notes\nC,"{"x" * (MAX_CELL + 1)}\nmore"\nD,ok\n')

    first = await ContactImport(deep).run(served.books)
    second = await ContactImport(wide).run(served.books)

    assert (first.succeeded, first.failed) == (2, 1)
    assert "nested too deeply" in str(first.failures[0].error)
    assert (second.succeeded, second.failed) == (1, 1)
    assert "notes: the cell holds" in str(second.failures[0].error)
    assert sorted(c["contact_name"] for c in served.sandbox.contacts()) == ["A", "B", "D"]


def test_resolving_unknown_creates_can_be_turned_off_on_the_command_line() -> None:
    parser = contacts_io.argparse.ArgumentParser()
    subcommands = parser.add_subparsers()
    contacts_io.register(subcommands)
    args = parser.parse_args(["contacts", "import", "x.jsonl", "--no-resolve-unknown"])
    assert args.resolve_unknown is False
    assert parser.parse_args(["contacts", "import", "x.jsonl"]).resolve_unknown is True


@pytest.mark.parametrize("resolve", [True, False])
async def test_import_resolves_a_create_whose_answer_was_lost_unless_told_not_to(
    start: Start, tmp_path: Path, resolve: bool
) -> None:
    served = await start()
    path = write_jsonl(tmp_path / "in.jsonl", [{"contact_name": "Zylker"}])
    # The listing of existing contacts answers; the create is stored and its answer lost.
    served.sandbox.faults = ScriptedFaults(None, "reset_after")  # type: ignore[assignment]

    job = ContactImport(path, resolve_unknown=resolve)
    report = await job.run(served.books)

    assert [c["contact_name"] for c in served.sandbox.contacts()] == ["Zylker"]
    if resolve:
        assert report.ok and job.actions == {"created": 1}
        assert served.writes() == [("POST", "Zylker"), ("POST", "Zylker")]
    else:
        assert report.unknown == 1 and served.writes() == [("POST", "Zylker")]
