"""Edge cases of import files: what spreadsheets and hand-edited files really hold."""

from __future__ import annotations

import csv
from pathlib import Path

from zbooks_async.cli.contact_files import count_rows, read_rows
from zbooks_async.cli.contacts_io import ContactImport

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
