"""``zbooks records``: import and export any module's records as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zbooks_async.cli import main


def _lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" if not isinstance(r, str) else r + "\n" for r in records))
    return path


def test_dry_run_says_what_each_line_would_do_and_sends_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(
        tmp_path / "items.jsonl",
        {"name": "Desk", "rate": 120},
        {"item_id": "460000000027009", "rate": 99.5},
        {"name": "Chair", "rate": 45, "colour": "red"},
        "{not json",
    )
    assert main(["records", "import", "items", str(rows), "--dry-run"]) == 1
    captured = capsys.readouterr()
    assert "1 would create, 1 would update, 2 failed" in captured.out
    assert "line 3: items.create got an unknown keyword 'colour'" in captured.err
    assert "line 4 is not JSON" in captured.err


def test_import_creates_records_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(
        tmp_path / "contacts.jsonl",
        {"contact_name": "Bowman and Co", "contact_type": "customer"},
        {"contact_name": "Tesla Traders", "contact_type": "vendor"},
        {"contact_name": "Nobody", "colour": "red"},
    )
    report = tmp_path / "report.jsonl"
    assert main(["records", "import", "contacts", str(rows), "--sandbox", "--report", str(report)]) == 1
    assert "2 succeeded, 1 failed" in capsys.readouterr().err
    entries = [json.loads(line) for line in report.read_text().splitlines()]
    assert [entry["item"]["line"] for entry in entries if "key" in entry] == [3]


def test_export_writes_one_record_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "contacts.jsonl"
    assert main(["records", "export", "contacts", "--out", str(out), "--sandbox", "--sandbox-seed", "7"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 7
    assert all(record["contact_id"] for record in records)


@pytest.mark.parametrize(("since", "expected"), [("2000-01-01", 7), ("2099-01-01", 0)])
def test_export_since_a_date_reads_it_as_midnight_utc(tmp_path: Path, since: str, expected: int) -> None:
    out = tmp_path / "contacts.jsonl"
    argv = ["records", "export", "contacts", "--out", str(out), "--sandbox", "--sandbox-seed", "7"]
    assert main([*argv, "--since", since]) == 0
    assert len(out.read_text().splitlines()) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["records", "import", "registers", "x.jsonl", "--sandbox"],
        ["records", "import", "invoices", "missing.jsonl", "--sandbox"],
        ["records", "export", "nothing", "--out", "x.jsonl", "--sandbox"],
        ["records", "export", "contacts", "--out", "x.jsonl", "--sandbox", "--since", "yesterday"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
