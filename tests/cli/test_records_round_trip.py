"""``zbooks records``: checkpoints that know their rows, exports any module, files that import back.

The CLI's ``main`` runs in a worker thread (it runs its own event loop) against a sandbox or a
small aiohttp server served on 127.0.0.1 by the test's loop.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from zbooks_async.cli import main
from zbooks_async.registry import all_operations

from .conftest import Start

BIG = "12345678901234567.89"  # 19 significant digits: a float keeps 15 to 17


def _lines(path: Path, *records: object) -> Path:
    path.write_text("".join(r + "\n" if isinstance(r, str) else json.dumps(r) + "\n" for r in records))
    return path


async def zbooks(*argv: str) -> int:
    """Run the ``zbooks`` command in a worker thread (it runs its own event loop)."""
    return await asyncio.to_thread(main, list(argv))


Serve = Callable[[dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]]], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """Serve GET routes (path under /books/v3 -> handler) on 127.0.0.1; gives the base URL."""
    runners: list[web.AppRunner] = []

    async def _serve(routes: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]]) -> str:
        app = web.Application()
        for path, handler in routes.items():
            app.router.add_get(f"/books/v3{path}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    yield _serve
    for runner in runners:
        await runner.cleanup()


def _answer(key: str, records: list[dict[str, Any]], **page: Any) -> Callable[..., Awaitable[web.Response]]:
    """A handler answering ``records`` under ``key`` (with ``page_context`` if ``page`` is given);
    the body is written as text so amounts keep their digits."""

    async def handler(request: web.Request) -> web.Response:
        body: dict[str, Any] = {"code": 0, "message": "success", key: records}
        if page:
            body["page_context"] = {"page": int(request.query.get("page", 1)), **page}
        text = json.dumps(body).replace(f'"{BIG}"', BIG)  # the amount as a JSON number
        return web.Response(text=text, content_type="application/json")

    return handler


# -- checkpoints -------------------------------------------------------------------------------


async def test_resuming_after_deleting_a_bad_line_creates_no_record_twice(
    start: Start, tmp_path: Path
) -> None:
    served = await start()
    rows = [{"name": f"Item {n}", "rate": 10 + n} for n in range(1, 11)]
    rows[3] = {"name": "Item 4", "rate": "ten"}  # line 4 is bad
    path = _lines(tmp_path / "items.jsonl", *rows)
    argv = ["records", "import", "items", str(path), "--sandbox", served.url, "--no-progress"]
    checkpoint = ["--checkpoint", str(tmp_path / "run.ckpt")]
    assert await zbooks(*argv, *checkpoint) == 1

    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:3] + lines[4:]))  # delete line 4
    assert await zbooks(*argv, *checkpoint) == 0

    names = [item.name for item in await served.books.items.list().collect()]
    assert sorted(names) == sorted(f"Item {n}" for n in range(1, 11) if n != 4)


async def test_a_fixed_line_is_done_on_resume_and_nothing_else_again(start: Start, tmp_path: Path) -> None:
    served = await start()
    path = _lines(tmp_path / "items.jsonl", {"name": "Desk", "rate": 1}, {"name": "Chair", "rate": "x"})
    argv = ["records", "import", "items", str(path), "--sandbox", served.url, "--no-progress"]
    checkpoint = ["--checkpoint", str(tmp_path / "run.ckpt")]
    assert await zbooks(*argv, *checkpoint) == 1
    _lines(path, {"name": "Chair", "rate": 2}, {"name": "Desk", "rate": 1})  # fixed, and moved

    assert await zbooks(*argv, *checkpoint) == 0

    assert sorted(item.name for item in await served.books.items.list().collect()) == ["Chair", "Desk"]


async def test_a_checkpoint_of_another_module_is_refused_not_skipped(
    start: Start, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = await start()
    items = _lines(tmp_path / "rows.jsonl", *({"name": f"Item {n}", "rate": n} for n in range(1, 6)))
    checkpoint = ["--checkpoint", str(tmp_path / "run.ckpt")]
    url = ["--sandbox", served.url, "--no-progress"]
    assert await zbooks("records", "import", "items", str(items), *url, *checkpoint) == 0
    capsys.readouterr()
    writes_before = len(served.writes())

    code = await zbooks("records", "import", "journals", str(items), *url, *checkpoint)

    err = capsys.readouterr().err
    assert code == 2
    assert "skipped" not in err
    assert "module items" in err and "module journals" in err and "new --checkpoint" in err
    assert len(served.writes()) == writes_before


async def test_a_checkpoint_keyed_by_line_numbers_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(tmp_path / "rows.jsonl", {"name": "Desk", "rate": 1})
    old = tmp_path / "old.ckpt"  # as zbooks wrote it before checkpoints named their rows
    old.write_text('{"zbooks_checkpoint":1}\n{"key":"line 1","outcome":"succeeded"}\n')

    code = await zbooks("records", "import", "items", str(rows), "--sandbox", "--checkpoint", str(old))

    assert code == 2
    assert "line number" in capsys.readouterr().err


async def test_a_contacts_import_checkpoint_is_not_a_records_import_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(tmp_path / "rows.jsonl", {"contact_name": "Bowman and Co"})
    checkpoint = str(tmp_path / "run.ckpt")
    assert (
        await zbooks(
            "contacts", "import", str(rows), "--sandbox", "--no-progress", "--checkpoint", checkpoint
        )
        == 0
    )

    code = await zbooks("records", "import", "contacts", str(rows), "--sandbox", "--checkpoint", checkpoint)

    assert code == 2
    assert "command contacts import" in capsys.readouterr().err


# -- export ------------------------------------------------------------------------------------

UNPAGED = sorted(
    operation.module
    for operation in all_operations()
    if operation.name == f"{operation.module}.list" and operation.shape != "page"
)


async def test_export_works_for_every_module_whose_list_is_not_paged(
    start: Start, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert {"bank_rules", "locations", "organizations", "reporting_tags"} <= set(UNPAGED)
    served = await start()
    broken = []
    for module in UNPAGED:
        out = tmp_path / f"{module}.jsonl"
        code = await zbooks("records", "export", module, "--out", str(out), "--sandbox", served.url)
        err = capsys.readouterr().err
        if code != 0 or "Traceback" in err or not out.exists():
            broken.append(f"{module}: exit {code} {err[-200:]}")
    assert broken == []


async def test_an_unpaged_list_is_written_as_zoho_sent_it(serve: Serve, tmp_path: Path) -> None:
    records = [{"location_id": "1", "location_name": "Head office", "rate": BIG}, {"location_id": "2"}]
    url = await serve({"/locations": _answer("locations", records)})
    out = tmp_path / "locations.jsonl"

    assert await zbooks("records", "export", "locations", "--out", str(out), "--sandbox", url) == 0

    lines = out.read_text().splitlines()
    assert [json.loads(line, parse_float=Decimal)["location_id"] for line in lines] == ["1", "2"]
    assert f'"rate":{BIG}' in lines[0]


async def test_an_unpaged_list_that_says_more_pages_follow_is_walked(serve: Serve, tmp_path: Path) -> None:
    async def pages(request: web.Request) -> web.Response:
        number = int(request.query.get("page", 1))
        body = {
            "code": 0,
            "creditnotes": [{"creditnote_id": str(number)}],
            "page_context": {"page": number, "has_more_page": number < 3},
        }
        return web.json_response(body)

    url = await serve({"/creditnotes": pages})
    out = tmp_path / "credit_notes.jsonl"

    assert await zbooks("records", "export", "credit_notes", "--out", str(out), "--sandbox", url) == 0

    assert [json.loads(line)["creditnote_id"] for line in out.read_text().splitlines()] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "command", [["records", "export", "contacts"], ["contacts", "export", "--no-progress"]]
)
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
async def test_an_amount_of_any_length_is_exported_with_every_digit(
    serve: Serve, tmp_path: Path, command: list[str], suffix: str
) -> None:
    contact = {"contact_id": "7", "contact_name": "Big", "contact_type": "customer", "status": "active"}
    contact["outstanding_receivable_amount"] = BIG
    contact["last_modified_time"] = "2026-03-02T10:00:00+0000"
    contact["addresses"] = [{"address_id": "1", "amount": BIG}]  # nested: a CSV cell of JSON
    url = await serve({"/contacts": _answer("contacts", [contact], has_more_page=False)})
    out = tmp_path / f"contacts{suffix}"

    assert await zbooks(*command, "--out", str(out), "--sandbox", url) == 0

    text = out.read_text()
    assert BIG in text and "e+16" not in text


async def test_export_writes_the_format_its_extension_names(start: Start, tmp_path: Path) -> None:
    served = await start()
    await served.books.items.create(name="Desk", rate=Decimal("120.50"))
    argv = ["records", "export", "items", "--sandbox", served.url, "--out"]

    assert await zbooks(*argv, str(tmp_path / "items.csv")) == 0
    assert await zbooks(*argv, str(tmp_path / "items.json")) == 0

    with (tmp_path / "items.csv").open(newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["name"] == "Desk" and Decimal(row["rate"]) == Decimal("120.50")
    [record] = [json.loads(line) for line in (tmp_path / "items.json").read_text().splitlines()]
    assert record["name"] == "Desk"


async def test_export_refuses_an_extension_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "items.txt"
    assert await zbooks("records", "export", "items", "--out", str(out), "--sandbox") == 2
    assert "unknown file type '.txt'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", [["records", "export", "contacts"], ["contacts", "export"]])
async def test_both_exports_refuse_a_missing_folder_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    out = tmp_path / "missing" / "contacts.jsonl"
    assert await zbooks(*command, "--out", str(out), "--sandbox") == 2
    assert f"create it first (mkdir -p {out.parent})" in capsys.readouterr().err
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("module", "since"),
    [("items", []), ("invoices", ["--since", "2024-01-01"])],
    ids=["list", "changed_since"],
)
async def test_export_ends_with_a_clean_error_on_a_server_that_repeats_pages(
    serve: Serve, tmp_path: Path, capsys: pytest.CaptureFixture[str], module: str, since: list[str]
) -> None:
    # A server answering page 1 whatever is asked: both walks (list, changed_since) must end.
    record = {f"{module[:-1]}_id": "1", "name": "A", "last_modified_time": "2024-06-01T10:00:00+0000"}
    url = await serve({f"/{module}": _answer(module, [record], has_more_page=True)})
    out = tmp_path / f"{module}.jsonl"

    code = await zbooks("records", "export", module, "--out", str(out), "--sandbox", url, *since)

    err = capsys.readouterr().err
    assert code == 1
    assert "MalformedResponseError" in err and "Traceback" not in err
    assert not out.exists()


# -- import ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
async def test_an_unchanged_export_imports_again(
    start: Start, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    served = await start()
    for name, rate in (("Desk", "120.50"), ("Chair", "45")):
        await served.books.items.create(name=name, rate=Decimal(rate))
    out = tmp_path / f"items{suffix}"
    url = ["--sandbox", served.url]
    assert await zbooks("records", "export", "items", "--out", str(out), *url) == 0
    assert "status" in out.read_text()  # answer-only: exported, and left out on import

    assert await zbooks("records", "import", "items", str(out), "--dry-run") == 0
    assert "0 would create, 2 would update, 0 failed" in capsys.readouterr().out
    assert await zbooks("records", "import", "items", str(out), *url, "--no-progress") == 0

    assert "2 succeeded" in capsys.readouterr().err
    assert sorted(item.name for item in await served.books.items.list().collect()) == ["Chair", "Desk"]


async def test_a_field_no_request_or_answer_knows_still_fails_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _lines(
        tmp_path / "items.jsonl", {"item_id": "460000000027009", "status": "active", "colour": "red"}
    )
    assert await zbooks("records", "import", "items", str(rows), "--dry-run") == 1
    assert "unknown keyword 'colour'" in capsys.readouterr().err


async def test_a_dry_run_fails_exactly_the_rows_the_real_run_fails(
    start: Start, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = await start()
    rows = _lines(
        tmp_path / "items.jsonl",
        {"name": "Fine", "rate": 1},
        {"item_id": "", "rate": 5},  # an empty id
        '{"name": "B\\ud800", "rate": 3}',  # a lone surrogate
        f'{{"name": "C", "rate": {BIG}}}',  # more digits than a float holds
        {"item_id": "not digits", "rate": 5},
    )
    capsys.readouterr()

    dry_code = await zbooks("records", "import", "items", str(rows), "--dry-run")
    predicted = set(re.findall(r"^line (\d+):", capsys.readouterr().err, re.MULTILINE))
    real_code = await zbooks(
        "records", "import", "items", str(rows), "--sandbox", served.url, "--no-progress"
    )
    failed = set(re.findall(r"^  failed: line (\d+):", capsys.readouterr().err, re.MULTILINE))

    assert {"2", "3", "5"} <= failed  # whatever the real run refuses, the dry run predicted
    assert predicted == failed
    assert dry_code == real_code == 1
