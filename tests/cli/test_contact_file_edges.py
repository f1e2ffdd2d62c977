"""Edge cases of import files: what spreadsheets and hand-edited files really hold."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from zbooks_async import ServerError, ZohoBooks
from zbooks_async.cli import contacts_io, main
from zbooks_async.cli.contact_files import count_rows, read_rows
from zbooks_async.cli.contacts_io import ContactImport
from zbooks_async.models.contacts import Contact

from .conftest import Start


async def test_csv_saved_with_a_byte_order_mark_imports(start: Start, tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts the file with a BOM; the first column must still be contact_name.
    path = tmp_path / "excel.csv"
    path.write_text("contact_name,notes\r\nZylker,ünïcode ok\r\n", encoding="utf-8-sig")
    served = await start()

    report = await ContactImport(path).run(served.books)

    assert report.ok and report.succeeded == 1
    assert served.writes() == [("POST", "Zylker")]


def test_jsonl_saved_with_a_byte_order_mark_reads_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_text('{"contact_name": "Zylker"}\n', encoding="utf-8-sig")

    rows = list(read_rows(path))

    assert [(row.fields, row.problem) for row in rows] == [({"contact_name": "Zylker"}, None)]


def test_csv_text_cells_starting_with_a_bracket_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "brackets.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["contact_name", "notes", "billing_address"])
        writer.writerow(["[EU] Zylker", "{draft} call back", '{"city": "Berlin"}'])

    [row] = read_rows(path)

    assert row.problem is None
    assert row.fields == {
        "contact_name": "[EU] Zylker",
        "notes": "{draft} call back",
        "billing_address": {"city": "Berlin"},
    }


def test_csv_rows_with_line_breaks_inside_cells_are_counted_once(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["contact_name", "notes"])
        writer.writerow(["Zylker", "first line\n\nthird line"])
        writer.writerow(["Bowman", "one line"])

    assert count_rows(path) == 2
    assert len(list(read_rows(path))) == 2


def test_export_with_missing_contacts_does_not_offer_a_mark_that_would_skip_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fetch = contacts_io._fetch_full
    calls = 0

    async def flaky(books: ZohoBooks, contact: Contact) -> Contact:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ServerError("Internal error", code=1, http_status=500)
        return await fetch(books, contact)

    monkeypatch.setattr(contacts_io, "_fetch_full", flaky)
    out = tmp_path / "c.jsonl"
    argv = ["contacts", "export", "--out", str(out), "--full", "--sandbox", "--sandbox-seed", "4"]
    assert main([*argv, "--no-progress", "--concurrency", "1"]) == 1

    err = capsys.readouterr().err
    assert len(out.read_text().splitlines()) == 3
    assert "pass it as --since next time" not in err
    assert "export again with no --since" in err


def test_a_csv_file_that_is_not_utf8_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("contact_name\nCafé Zylker\n".encode("latin-1"))

    assert main(["contacts", "import", str(path), "--sandbox", "--no-progress"]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_a_jsonl_line_that_is_not_utf8_fails_alone_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"contact_name": "A"}\n{"contact_name": "Caf\xe9"}\n{"contact_name": "B"}\n')

    rows = list(read_rows(path))

    assert [row.fields.get("contact_name") for row in rows] == ["A", None, "B"]
    assert rows[1].problem is not None and rows[1].problem.startswith("line 2")


def test_csv_problems_name_the_line_the_record_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        'contact_name,notes,is_taxable\n"Zylker","first\nsecond\nthird",true\n\n"Bowman","x",maybe\n',
        encoding="utf-8",
    )

    rows = list(read_rows(path))

    assert [row.line for row in rows] == [2, 6]
    assert rows[1].problem is not None and rows[1].problem.startswith("line 6: is_taxable")


async def test_import_matches_names_as_zoho_does_ignoring_case_and_outer_spaces(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    existing = await served.books.contacts.create(contact_name="Bowman and Co")
    path = tmp_path / "in.jsonl"
    path.write_text('{"contact_name": " bowman AND co ", "notes": "pays by cheque"}\n')

    job = ContactImport(path)
    report = await job.run(served.books)

    assert report.ok and job.actions == {"updated": 1}
    assert existing.contact_id is not None
    assert (await served.books.contacts.get(existing.contact_id)).notes == "pays by cheque"


async def test_a_name_two_contacts_share_is_not_guessed(
    start: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = await start()
    kind = {"contact_type": "customer", "status": "active"}
    twins = [
        Contact(contact_id="1", contact_name="Zylker", **kind),
        Contact(contact_id="2", contact_name="ZYLKER", **kind),
    ]

    async def listing() -> AsyncIterator[Contact]:
        for contact in twins:
            yield contact

    monkeypatch.setattr(served.books.contacts, "list", lambda **_: listing())
    path = tmp_path / "in.jsonl"
    path.write_text('{"contact_name": "Zylker", "notes": "x"}\n')

    report = await ContactImport(path).run(served.books)

    assert report.failed == 1 and "more than one contact" in str(report.failures[0].error)
    assert served.writes() == []
