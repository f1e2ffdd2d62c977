"""``zbooks contacts import|export``: create-or-update by name, dry runs, reports, resuming."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

import pytest

from zbooks_async import RateLimit
from zbooks_async.bulk import BulkProgress
from zbooks_async.cli import main
from zbooks_async.cli.contacts_io import ContactExport, ContactImport

from .conftest import Start

# The sandbox keeps Zoho's limits on a clock 600 times faster: 100 requests per 0.1 s. The
# client keeps a 20% margin: at this scale loop jitter is a large part of the window.
FAST = {"requests_per_window": 100, "window_seconds": 0.1, "max_in_flight": 10}
FAST_CLIENT = RateLimit(requests=100, period=0.1, concurrency=10, margin=0.2)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def customers(count: int) -> list[dict[str, object]]:
    return [{"contact_name": f"Customer {n:05d}", "contact_type": "customer"} for n in range(count)]


async def test_import_creates_new_contacts_and_updates_existing_ones_by_name(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    existing = await served.books.contacts.create(contact_name="Bowman and Co")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"contact_name": "Bowman and Co", "notes": "pays by cheque"},
            {"contact_name": "Zylker", "email": "ann@zylker.test", "first_name": "Ann"},
        ],
    )

    job = ContactImport(path)
    report = await job.run(served.books)

    assert report.ok and report.succeeded == 2
    assert job.actions == {"updated": 1, "created": 1}
    assert existing.contact_id is not None
    assert (await served.books.contacts.get(existing.contact_id)).notes == "pays by cheque"
    zylker = next(c for c in served.sandbox.contacts() if c["contact_name"] == "Zylker")
    assert zylker["contact_persons"][0]["email"] == "ann@zylker.test"
    assert zylker["contact_persons"][0]["is_primary_contact"] is True


async def test_dry_run_checks_rows_and_writes_nothing(start: Start, tmp_path: Path) -> None:
    served = await start()
    await served.books.contacts.create(contact_name="Bowman and Co")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"contact_name": "Bowman and Co", "notes": "x"},
            {"contact_name": "New Co"},
            {"contact_name": "Typo Co", "contcat_type": "vendor"},
        ],
    )

    job = ContactImport(path, dry_run=True)
    report = await job.run(served.books)

    assert job.actions == {"would update": 1, "would create": 1}
    assert [entry.key for entry in report.failures] == ["Typo Co"]
    assert "contcat_type" in str(report.failures[0].error)
    assert served.writes() == [("POST", "Bowman and Co")]  # only the set-up above


async def test_read_only_fields_of_an_export_are_ignored_on_import(
    start: Start, tmp_path: Path
) -> None:
    source = await start(seed_contacts=30)
    target = await start()
    exported = tmp_path / "contacts.jsonl"
    await ContactExport(exported).run(source.books)

    report = await ContactImport(exported).run(target.books)

    assert report.ok and report.succeeded == 30
    assert sorted(c["contact_name"] for c in target.sandbox.contacts()) == sorted(
        c["contact_name"] for c in source.sandbox.contacts()
    )


async def test_csv_export_imports_again(start: Start, tmp_path: Path) -> None:
    source = await start(seed_contacts=20)
    target = await start()
    exported = tmp_path / "contacts.csv"
    await ContactExport(exported, full=True).run(source.books)
    with exported.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20 and rows[0]["contact_id"]

    report = await ContactImport(exported).run(target.books)

    assert report.ok and report.succeeded == 20
    by_name = {c["contact_name"]: c for c in target.sandbox.contacts()}
    for original in source.sandbox.contacts():
        copy = by_name[original["contact_name"]]
        assert copy["billing_address"]["city"] == original["billing_address"]["city"]


async def test_match_by_number_updates_the_contact_with_that_number(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    await served.books.contacts.create(contact_name="First", contact_number="CN-1")
    await served.books.contacts.create(contact_name="Second", contact_number="CN-10")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"contact_number": "CN-1", "contact_name": "First renamed"},
            {"contact_number": "CN-2", "contact_name": "Third"},
        ],
    )

    job = ContactImport(path, match="number")
    await job.run(served.books)

    assert job.actions == {"updated": 1, "created": 1}
    names = sorted(c["contact_name"] for c in served.sandbox.contacts())
    assert names == ["First renamed", "Second", "Third"]


async def test_interrupted_import_resumes_from_its_checkpoint_without_redoing_rows(
    start: Start, tmp_path: Path
) -> None:
    served = await start(rate_limit=FAST_CLIENT, **FAST)
    path = write_jsonl(tmp_path / "in.jsonl", customers(1000))
    checkpoint = tmp_path / "import.checkpoint"

    def stop_at_400(progress: BulkProgress) -> None:
        if progress.done == 400:
            task.cancel()

    first = ContactImport(path, checkpoint=checkpoint, on_progress=stop_at_400)
    task = asyncio.create_task(first.run(served.books))
    with pytest.raises(asyncio.CancelledError):
        await task
    entries = [json.loads(line) for line in checkpoint.read_text().splitlines()[1:]]
    finished = {entry["key"] for entry in entries if entry["outcome"] == "succeeded"}
    served.sandbox.stats.requests.clear()

    second = ContactImport(path, checkpoint=checkpoint)
    report = await second.run(served.books)

    written_again = {name for _, name in served.writes()}
    assert first.report.interrupted and len(finished) >= 400
    assert not finished & written_again  # nothing finished in run one is sent again
    assert report.ok and report.total == 1000 and report.skipped == len(finished)
    assert sum(second.actions.values()) == 1000 - len(finished)
    assert len(served.sandbox.contacts()) == 1000  # rows cut off were matched, not duplicated


def test_cli_import_exit_codes_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", customers(5))
    assert main(["contacts", "import", str(good), "--sandbox", "--no-progress"]) == 0
    assert json.loads((tmp_path / "good.report.jsonl").read_text())["summary"]["succeeded"] == 5

    bad = write_jsonl(tmp_path / "bad.jsonl", [*customers(2), {"contact_type": "customer"}])
    report = tmp_path / "problems.jsonl"
    code = main(["contacts", "import", str(bad), "--sandbox", "--no-progress", "--report", str(report)])
    assert code == 1
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert lines[0]["summary"]["failed"] == 1
    assert lines[1]["key"] == "line 3" and "no contact_name" in lines[1]["message"]
    assert str(report) in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["contacts", "import", "missing.jsonl", "--sandbox"],
        ["contacts", "import", "contacts.xlsx", "--sandbox"],
        ["contacts", "export", "--out", "c.jsonl", "--sandbox", "--since", "yesterday"],
        ["contacts", "export", "--out", "c.jsonl", "--sandbox", "--concurrency", "0"],
        ["contacts"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2


def test_missing_credentials_exit_2_without_touching_a_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN", "ORGANIZATION_ID", "ACCESS_TOKEN"):
        monkeypatch.delenv(f"ZOHO_{name}", raising=False)
    monkeypatch.setenv("ZOHO_CLIENT_ID", "1000.ABC")
    out = tmp_path / "c.jsonl"
    assert main(["contacts", "export", "--out", str(out)]) == 2
    assert "ZOHO_REFRESH_TOKEN" in capsys.readouterr().err
    assert not out.exists()


def test_cli_export_writes_jsonl_and_csv(tmp_path: Path) -> None:
    jsonl, table = tmp_path / "c.jsonl", tmp_path / "c.csv"
    sandbox = ["--sandbox", "--sandbox-seed", "12", "--no-progress"]
    assert main(["contacts", "export", "--out", str(jsonl), *sandbox]) == 0
    assert main(["contacts", "export", "--out", str(table), *sandbox]) == 0
    assert len(jsonl.read_text().splitlines()) == 12
    assert len(table.read_text().splitlines()) == 13
    assert not (tmp_path / "c.jsonl.part").exists()


def test_cli_export_through_the_oauth_refresh_flow(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    oauth = ["--client-id", "sandbox-client", "--client-secret", "sandbox-secret"]
    oauth += ["--refresh-token", "sandbox-refresh"]
    argv = ["contacts", "export", "--out", str(out), "--sandbox", "--sandbox-seed", "3", "--no-progress"]
    assert main([*argv, *oauth]) == 0
    assert len(out.read_text().splitlines()) == 3


def test_cli_import_says_how_many_rows_a_halted_run_did_not_reach(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{**row, "contact_number": f"CN-{n}"} for n, row in enumerate(customers(30))]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    checkpoint = tmp_path / "run.ckpt"
    # A wrong refresh token: the first row's lookup fails with AuthenticationError, which halts.
    argv = ["contacts", "import", str(path), "--sandbox", "--no-progress", "--checkpoint", str(checkpoint)]
    argv += ["--match", "number", "--concurrency", "1"]
    code = main([*argv, "--client-id", "x", "--client-secret", "y", "--refresh-token", "z"])
    assert code == 1
    err = capsys.readouterr().err
    assert "halted: AuthenticationError" in err
    assert "rows were not reached: run the same command to continue" in err
