"""The bulk report: counts, summary and the JSON-lines file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from zbooks_async import Contact, NotFoundError, OutcomeUnknownError
from zbooks_async.bulk import BulkReport, ReportEntry


def test_report_file_has_a_summary_then_one_line_per_problem(tmp_path: Path) -> None:
    report = BulkReport(succeeded=8, failed=1, unknown=1, skipped=2, elapsed=1.5)
    report.problems += [
        ReportEntry(
            key="Bowman",
            outcome="failed",
            error=NotFoundError("gone", code=1002, http_status=404, method="PUT", path="/contacts/1"),
            item=Contact(
                contact_id="1",
                contact_name="Bowman",
                contact_type="customer",
                status="active",
                credit_limit=Decimal("10.50"),
            ),
        ),
        ReportEntry(key="7", outcome="unknown", error=OutcomeUnknownError("lost"), item=object()),
    ]

    path = report.write_jsonl(tmp_path / "report.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()]

    assert lines[0]["summary"]["total"] == 12
    assert lines[1] == {
        "key": "Bowman",
        "outcome": "failed",
        "error_type": "NotFoundError",
        "message": "PUT /contacts/1: gone (HTTP 404, code 1002)",
        "code": 1002,
        "http_status": 404,
        "earlier_run": False,
        "item": {
            "contact_id": "1",
            "contact_name": "Bowman",
            "contact_type": "customer",
            "status": "active",
            "credit_limit": 10.5,
        },
    }
    assert lines[2]["item"].startswith("<object object")


def test_summary_names_every_count() -> None:
    report = BulkReport(succeeded=3, failed=1, unknown=0, skipped=2, halted="DailyLimitExceeded: x")
    text = report.summary()
    assert "6 items: 3 succeeded, 1 failed, 0 unknown, 2 skipped" in text
    assert "halted: DailyLimitExceeded" in text


def test_ok_only_when_everything_succeeded_to_the_end() -> None:
    assert BulkReport(succeeded=1).ok
    assert not BulkReport(succeeded=1, interrupted=True).ok
    assert not BulkReport(unknown=1).ok


def test_problems_past_the_kept_ones_go_to_a_file_and_still_reach_the_report(tmp_path: Path) -> None:
    report = BulkReport(keep=2)
    for n in range(5):
        report.add_problem(ReportEntry(key=str(n), outcome="failed", error=ValueError(f"bad {n}"), item=n))

    path = report.write_jsonl(tmp_path / "report.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]

    assert [entry.key for entry in report.problems] == ["0", "1"]
    assert report.spilled == 3
    assert [line["key"] for line in lines] == ["0", "1", "2", "3", "4"]
    assert lines[4]["message"] == "bad 4"
    report.add_problem(ReportEntry(key="5", outcome="unknown", error=ValueError("late"), item=5))
    assert [json.loads(line)["key"] for line in list(report.lines())[1:]][-2:] == ["4", "5"]
