"""Streaming a binary answer into a file (``download_to``) through both transports."""

from __future__ import annotations

import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from zbooks_async import NotFoundError, TransportError, ZohoBooks
from zbooks_async.transport import InProcessTransport

from ..http_mock import served_books

ORG = "10234695"
CHUNK = b"%PDF-1.4 " + bytes(range(256)) * 255  # just under 64 KiB
CHUNKS = 128  # about 8 MiB in all


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def pdf_app() -> web.Application:
    """Serves a large PDF in chunks, a JSON 404, and a PDF whose connection drops halfway."""

    async def statement(request: web.Request) -> web.StreamResponse:
        contact_id = request.match_info["contact_id"]
        if contact_id == "404":
            return web.json_response({"code": 1002, "message": "Contact does not exist."}, status=404)
        answer = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        answer.content_length = len(CHUNK) * CHUNKS
        await answer.prepare(request)
        for index in range(CHUNKS):
            if contact_id == "500" and index == CHUNKS // 2:
                raise ConnectionResetError("dropped")
            await answer.write(CHUNK)
        await answer.write_eof()
        return answer

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}/statements", statement)
    return app


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with TestServer(pdf_app(), host="127.0.0.1") as server:
        async with served_books(server) as client:
            yield client


async def test_download_streams_a_large_pdf_without_holding_it_in_memory(
    books: ZohoBooks, tmp_path: Path
) -> None:
    target = tmp_path / "statement.pdf"
    size = len(CHUNK) * CHUNKS
    tracemalloc.start()
    try:
        saved = await books.contacts.statements.download("7", target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert saved == target
    assert target.stat().st_size == size
    with target.open("rb") as handle:
        assert handle.read(len(CHUNK)) == CHUNK
    assert peak < size / 4, f"peak {peak} bytes while saving {size} bytes"
    assert files_in(tmp_path) == ["statement.pdf"]


async def test_pdf_bytes_come_back_whole(books: ZohoBooks) -> None:
    data = await books.contacts.statements.pdf("7")
    assert len(data) == len(CHUNK) * CHUNKS and data.startswith(b"%PDF-")


async def test_a_connection_dropped_mid_download_leaves_no_file(books: ZohoBooks, tmp_path: Path) -> None:
    with pytest.raises(TransportError) as raised:
        await books.contacts.statements.download("500", tmp_path / "statement.pdf")
    assert raised.value.may_have_reached_server
    assert files_in(tmp_path) == []


async def test_an_error_answer_is_raised_and_never_written(books: ZohoBooks, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        await books.contacts.statements.download("404", tmp_path / "statement.pdf")
    assert files_in(tmp_path) == []


async def test_a_download_replaces_an_older_file(books: ZohoBooks, tmp_path: Path) -> None:
    target = tmp_path / "statement.pdf"
    target.write_bytes(b"old")
    await books.contacts.statements.download("7", target)
    assert target.stat().st_size == len(CHUNK) * CHUNKS


async def test_in_process_transport_saves_to_the_file_too(tmp_path: Path) -> None:
    async def statement(request: web.Request) -> web.Response:
        return web.Response(body=CHUNK * CHUNKS, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}/statements", statement)
    transport = InProcessTransport(app)
    async with ZohoBooks(
        organization_id=ORG, access_token="t", base_url="http://sandbox/books/v3", transport=transport
    ) as books:
        await books.contacts.statements.download("7", tmp_path / "s.pdf")
    assert (tmp_path / "s.pdf").stat().st_size == len(CHUNK) * CHUNKS
