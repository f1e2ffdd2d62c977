"""Files that are not files: every file call, against a loopback server (real aiohttp) answering
200 with a maintenance page, an empty body or Zoho's JSON sent as text, raises
MalformedResponseError and writes nothing to ``to=``; a PDF must be ``application/pdf`` starting
``%PDF``, while other files (attachments, receipts, documents) may be of any file type."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from zbooks_async import MalformedResponseError, ZohoBooks
from zbooks_async.registry import OPERATIONS

ORG = "10234695"
Call = Callable[[ZohoBooks, Path | None], Awaitable[Any]]


def _endpoint(books: ZohoBooks, name: str) -> Any:
    target: Any = books
    for part in name.split("."):
        target = getattr(target, part)
    return target


def _generated(name: str, ids: int) -> Call:
    args = [str(460000000000100 + n) for n in range(ids)]
    return lambda books, to: _endpoint(books, name)(*args, to=to)


def _get_pdf(module: str, ids: int) -> Call:
    args = [str(460000000000100 + n) for n in range(ids)]
    return lambda books, to: getattr(books, module).get_pdf(*args, to=to)


def _statement(books: ZohoBooks, to: Path | None) -> Awaitable[Any]:
    statements = books.contacts.statements
    return statements.pdf("460000000026049") if to is None else statements.download("460000000026049", to)


def _document(books: ZohoBooks, to: Path | None) -> Awaitable[Any]:
    documents = books.contacts.documents
    if to is None:
        return documents.get("460000000026049", "460000000026050")
    return documents.save("460000000026049", "460000000026050", to)


# Every file call, and whether Zoho answers it with a PDF (the print and PDF exports, get_pdf and
# statements do; attachments, receipts and documents are files of any type).
CALLS: dict[str, tuple[Call, bool]] = {
    op.name: (_generated(op.name, len(op.path_params)), "pdf" in op.name or "print" in op.name)
    for op in OPERATIONS
    if op.shape == "file"
}
CALLS.update(
    {
        f"{op.module}.get_pdf": (_get_pdf(op.module, len(op.path_params)), True)
        for op in OPERATIONS
        if op.name == f"{op.module}.get" and "accept" in op.inputs
    }
)
CALLS["contacts.statements"] = (_statement, True)
CALLS["contacts.documents"] = (_document, False)

MAINTENANCE = b"<html><head><title>Down for maintenance</title></head><body>Back soon</body></html>"
ZOHO_ERROR = b'{"code":1002,"message":"Invoice does not exist."}'
NOT_FILES = {
    "an HTML maintenance page": ("text/html", MAINTENANCE, "an HTML page"),
    "an empty body": ("application/pdf", b"", "an empty body"),
    "Zoho's error sent as text": ("text/plain", ZOHO_ERROR, "code 1002 (Invoice does not exist.)"),
}
NOT_PDFS = {
    "a PDF type without the signature": ("application/pdf", b"Hello", "without the %PDF signature"),
    "a PDF under another type": ("application/octet-stream", b"%PDF-1.4 x", "application/octet-stream"),
}


class Answers:
    """Answers every GET with ``content_type`` and ``body``, status 200."""

    content_type = "application/pdf"
    body = b"%PDF-1.4 a document"

    async def answer(self, request: web.Request) -> web.Response:
        return web.Response(body=self.body, headers={"Content-Type": self.content_type})


@asynccontextmanager
async def serving(answers: Answers) -> AsyncIterator[ZohoBooks]:
    app = web.Application()
    app.router.add_get("/{tail:.*}", answers.answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api = f"http://127.0.0.1:{runner.addresses[0][1]}/books/v3"
    try:
        async with ZohoBooks(
            organization_id=ORG, access_token="test-token", base_url=api, rate_limit=None
        ) as books:
            yield books
    finally:
        await runner.cleanup()


OLDER = b"%PDF-1.4 an older download"


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def folder_with_a_download(folder: Path) -> Path:
    folder.mkdir()
    kept = folder / "kept.pdf"
    kept.write_bytes(OLDER)
    return kept


def contents(path: Path) -> bytes:
    return path.read_bytes()


async def refusals(books: ZohoBooks, call: Call, folder: Path, says: str) -> list[str]:
    """What went wrong for one call given a non-file answer (empty when it was refused well)."""
    wrong = []
    try:
        await call(books, None)
        wrong.append("bytes returned")
    except MalformedResponseError as error:
        if says not in str(error):
            wrong.append(f"message {error}")
    kept = folder_with_a_download(folder)
    new = folder / "new.pdf"
    for target in (kept, new):
        try:
            await call(books, target)
            wrong.append(f"saved to {target.name}")
        except MalformedResponseError:
            pass
    if contents(kept) != OLDER:
        wrong.append("the file already at to= was overwritten")
    if files_in(folder) != ["kept.pdf"]:
        wrong.append(f"files left: {files_in(folder)}")
    return wrong


@pytest.mark.parametrize("kind", sorted(NOT_FILES))
async def test_an_answer_that_is_no_file_is_refused_and_saves_nothing(kind: str, tmp_path: Path) -> None:
    answers = Answers()
    answers.content_type, answers.body, says = NOT_FILES[kind]
    broken = {}
    async with serving(answers) as books:
        for name, (call, _) in sorted(CALLS.items()):
            wrong = await refusals(books, call, tmp_path / name, says)
            if wrong:
                broken[name] = wrong
    assert broken == {}
    assert len(CALLS) > 25


@pytest.mark.parametrize("kind", sorted(NOT_PDFS))
async def test_a_pdf_must_be_typed_as_one_and_start_with_its_signature(kind: str, tmp_path: Path) -> None:
    answers = Answers()
    answers.content_type, answers.body, says = NOT_PDFS[kind]
    broken = {}
    async with serving(answers) as books:
        for name, (call, pdf) in sorted(CALLS.items()):
            if pdf:
                wrong = await refusals(books, call, tmp_path / name, says)
                if wrong:
                    broken[name] = wrong
    assert broken == {}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 a real document"),
        ("application/pdf; charset=binary", b"%PDF-1.4 typed with a parameter"),
    ],
)
async def test_a_pdf_is_returned_and_saved(content_type: str, body: bytes, tmp_path: Path) -> None:
    answers = Answers()
    answers.content_type, answers.body = content_type, body
    async with serving(answers) as books:
        for name, (call, _) in sorted(CALLS.items()):
            assert await call(books, None) == body, name
            target = tmp_path / f"{name}.pdf"
            assert await call(books, target) == target and contents(target) == body, name
    assert files_in(tmp_path) == sorted(f"{name}.pdf" for name in CALLS)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n a receipt"),
        ("application/octet-stream", b"PK\x03\x04 a zip"),
        ("text/plain", b"notes kept as a text file"),
        ("text/csv", b'{"a csv line": 1}, not Zoho JSON'),
    ],
)
async def test_an_attachment_of_any_file_type_is_returned_and_saved(
    content_type: str, body: bytes, tmp_path: Path
) -> None:
    answers = Answers()
    answers.content_type, answers.body = content_type, body
    async with serving(answers) as books:
        for name, (call, pdf) in sorted(CALLS.items()):
            if pdf:
                continue
            assert await call(books, None) == body, name
            target = tmp_path / f"{name}.bin"
            assert await call(books, target) == target and contents(target) == body, name
