"""``zbooks contacts import`` checks each row with the one checker the SDK call runs
(``zbooks_async.fields.prepare`` over the generated operation), so a dry run refuses exactly the
rows the real run would, and a bad row fails alone with nothing sent (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zbooks_async.cli.contacts_io import ContactImport

from .conftest import Start

EXISTING = "Bowman and Co"

# (row, what its failure says): each refused before anything is sent for it.
BAD_ROWS: list[tuple[dict[str, Any], str]] = [
    # A misspelt key inside a nested person: the old checker let any dict through.
    (
        {"contact_name": "New Co", "contact_persons": [{"frist_name": "Will"}]},
        "contacts.create: contact_persons[0].frist_name: unknown field; did you mean first_name?",
    ),
    # Zoho's update takes no language_code: the old checker knew only the create's fields.
    (
        {"contact_name": EXISTING, "language_code": "fr"},
        "contacts.update got an unknown keyword 'language_code'",
    ),
    ({"contact_name": "New Co", "credit_limit": "12,50"}, "contacts.create: credit_limit must be an amount"),
    (
        {"contact_name": EXISTING, "payment_terms": "net 30"},
        "contacts.update: payment_terms must be an integer",
    ),
]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "run"])
@pytest.mark.parametrize(("row", "told"), BAD_ROWS, ids=["person key", "update field", "amount", "integer"])
async def test_a_bad_row_is_refused_by_the_one_checker_and_nothing_is_written(
    start: Start, tmp_path: Path, row: dict[str, Any], told: str, dry_run: bool
) -> None:
    served = await start()
    await served.books.contacts.create(contact_name=EXISTING)
    served.sandbox.stats.requests.clear()
    path = _write(tmp_path / "in.jsonl", [row, {"contact_name": "Good Co"}])

    job = ContactImport(path, dry_run=dry_run)
    report = await job.run(served.books)

    assert len(report.failures) == 1 and told in str(report.failures[0].error)
    expected = [] if dry_run else [("POST", "Good Co")]
    assert served.writes() == expected  # the bad row sent nothing; the good one went on
