"""books.contacts.documents: uploads, downloads (whole or streamed), update, delete, restore."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import BodyPartReader, web
from aiohttp.test_utils import TestServer
from aioresponses import CallbackResult, aioresponses

from zbooks_async import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    TransportError,
    ValidationError,
    ZohoBooks,
)
from zbooks_async.inputs import FileSource
from zbooks_async.pipeline.values import Request
from zbooks_async.transport import AiohttpTransport

from ..http_mock import BASE, ORG, sent_json, served_books

C = "460000000026049"
D = "460000000123001"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64


def upload_app(
    received: list[dict[str, object]], *, refuse_first: bool = False, expire_first: bool = False
) -> web.Application:
    """A Zoho-like upload endpoint that records each multipart part it was sent."""
    answered = 0

    async def attach(request: web.Request) -> web.Response:
        nonlocal answered
        answered += 1
        reader = await request.multipart()
        parts: dict[str, object] = {}
        while (part := await reader.next()) is not None:
            assert isinstance(part, BodyPartReader)
            parts[part.name or ""] = (part.filename, part.headers.get("Content-Type"), await part.read())
        received.append(parts)
        if refuse_first and len(received) == 1:
            return web.json_response({"code": 1070, "message": "Too many in process requests"}, status=429)
        if expire_first and answered == 1:
            return web.json_response({"code": 57, "message": "You are not authorized"}, status=401)
        return web.json_response(
            {
                "code": 0,
                "message": "Your file has been successfully attached to the contact.",
                "documents": [{"document_id": D, "file_name": "w9.pdf", "file_size": len(PDF)}],
            }
        )

    app = web.Application()
    app.router.add_post("/books/v3/contacts/{contact_id}/attachment", attach)
    return app


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


async def chunks() -> AsyncIterator[bytes]:
    for start in range(0, len(PDF), 1000):
        yield PDF[start : start + 1000]


@pytest.mark.parametrize("source", ["path", "bytes", "stream"])
async def test_attach_uploads_the_file_as_multipart(tmp_path: Path, source: str) -> None:
    received: list[dict[str, object]] = []
    file = tmp_path / "w9.pdf"
    file.write_bytes(PDF)
    sources: dict[str, FileSource] = {"path": file, "bytes": PDF, "stream": chunks()}
    given = sources[source]
    async with TestServer(upload_app(received), host="127.0.0.1") as server:
        async with served_books(server) as books:
            result = await books.contacts.documents.attach(
                C, given, filename=None if source == "path" else "w9.pdf"
            )
    assert result.code == 0 and result.documents is not None
    assert result.documents[0].document_id == D and result.documents[0].file_size == len(PDF)
    assert received == [{"attachment": ("w9.pdf", "application/pdf", PDF)}]


async def test_a_streamed_upload_is_never_sent_twice(tmp_path: Path) -> None:
    received: list[dict[str, object]] = []
    file = tmp_path / "w9.pdf"
    file.write_bytes(PDF)
    async with TestServer(upload_app(received, refuse_first=True), host="127.0.0.1") as server:
        async with served_books(server, RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0)) as books:
            with pytest.raises(RateLimitError):
                await books.contacts.documents.attach(C, chunks(), filename="w9.pdf")
            assert len(received) == 1
            received.clear()
            await books.contacts.documents.attach(C, file)  # a path can be read again: retried
    assert len(received) == 2 and received[1] == {"attachment": ("w9.pdf", "application/pdf", PDF)}


async def test_a_streamed_upload_is_not_replayed_with_a_fresh_token(tmp_path: Path) -> None:
    # A 401 makes the auth stage replay a call with a new token; a stream already read by the
    # first send would go out empty the second time.
    received: list[dict[str, object]] = []
    minted = iter(["t-1", "t-2", "t-3"])

    async def tokens() -> str:
        return next(minted)

    file = tmp_path / "w9.pdf"
    file.write_bytes(PDF)
    async with TestServer(upload_app(received, expire_first=True), host="127.0.0.1") as server:
        base_url = str(server.make_url("/books/v3"))
        async with ZohoBooks(
            organization_id=ORG, token_source=tokens, base_url=base_url, rate_limit=None
        ) as books:
            with pytest.raises(AuthenticationError):
                await books.contacts.documents.attach(C, chunks(), filename="w9.pdf")
            assert len(received) == 1
            received.clear()
            await books.contacts.documents.attach(C, chunks(), filename="w9.pdf")  # token t-2
            await books.contacts.documents.attach(C, file)
    assert received == [{"attachment": ("w9.pdf", "application/pdf", PDF)}] * 2


async def test_attach_checks_its_input_before_sending(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="no such file"):
        await books.contacts.documents.attach(C, tmp_path / "missing.pdf")
    with pytest.raises(ValueError, match="filename"):
        await books.contacts.documents.attach(C, PDF)
    with pytest.raises(TypeError, match="bytes"):
        await books.contacts.documents.attach(C, 42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="contact_id"):
        await books.contacts.documents.attach("../1", PDF, filename="a.pdf")
    assert http.requests == {}


async def test_download_returns_the_file_bytes(books: ZohoBooks, http: aioresponses) -> None:
    http.get(
        f"{BASE}/contacts/{C}/documents/{D}?organization_id={ORG}", body=PDF, content_type="application/pdf"
    )
    assert await books.contacts.documents.get(C, D) == PDF


async def test_save_writes_the_file_and_returns_its_path(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    http.get(
        f"{BASE}/contacts/{C}/documents/{D}?organization_id={ORG}", body=PDF, content_type="application/pdf"
    )
    target = tmp_path / "copy.pdf"
    assert await books.contacts.documents.save(C, D, str(target)) == target
    assert target.read_bytes() == PDF and not (tmp_path / "copy.pdf.part").exists()


async def test_a_missing_document_is_not_found_and_no_file_is_written(
    books: ZohoBooks, http: aioresponses, tmp_path: Path
) -> None:
    http.get(
        re.compile(rf"{BASE}/contacts/{C}/documents/{D}\?.*"),
        status=404,
        payload={"code": 1002, "message": "Document does not exist."},
    )
    with pytest.raises(NotFoundError):
        await books.contacts.documents.save(C, D, tmp_path / "copy.pdf")
    assert files_in(tmp_path) == []


def big_file_app(size: int, *, drop_after: int | None = None) -> web.Application:
    async def document(request: web.Request) -> web.StreamResponse:
        answer = web.StreamResponse(headers={"Content-Type": "application/pdf", "Content-Length": str(size)})
        await answer.prepare(request)
        block = b"z" * 65536
        written = 0
        while written < size:
            if drop_after is not None and written >= drop_after:
                assert request.transport is not None
                request.transport.close()
                return answer
            await answer.write(block[: size - written])
            written += min(len(block), size - written)
        await answer.write_eof()
        return answer

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}/documents/{document_id}", document)
    return app


async def test_the_transport_streams_a_file_answer_without_holding_it(tmp_path: Path) -> None:
    size = 8 * 1024 * 1024
    target = tmp_path / "big.pdf"
    async with TestServer(big_file_app(size), host="127.0.0.1") as server:
        transport = AiohttpTransport()
        try:
            request = Request(
                method="GET",
                base_url=str(server.make_url("/books/v3")),
                path=f"/contacts/{C}/documents/{D}",
                expects_bytes=True,
                download_to=target,
            )
            response = await transport.send(request, timeout=10)
        finally:
            await transport.close()
    assert response.status == 200 and response.body == b"" and response.saved_to == target
    assert target.stat().st_size == size


async def test_a_dropped_download_leaves_no_file_behind(tmp_path: Path) -> None:
    target = tmp_path / "big.pdf"
    async with TestServer(big_file_app(4 * 1024 * 1024, drop_after=1024 * 1024), host="127.0.0.1") as server:
        async with served_books(server) as books:
            with pytest.raises(TransportError):
                await books.contacts.documents.save(C, D, target)
    assert files_in(tmp_path) == []


async def test_update_sends_the_new_file_name(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        f"{BASE}/contacts/{C}/documents/{D}?organization_id={ORG}", payload={"code": 0, "message": "success"}
    )
    await books.contacts.documents.update(C, D, file_name="w9-2024.pdf")
    [(method, _, body)] = sent_json(http)
    assert method == "PUT" and body == {"file_name": "w9-2024.pdf"}


async def test_delete_targets_the_document(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        f"{BASE}/contacts/{C}/documents/{D}?organization_id={ORG}", payload={"code": 0, "message": "success"}
    )
    assert (await books.contacts.documents.delete(C, D)).code == 0


async def test_restore_splits_ids_at_zoho_cap(books: ZohoBooks, http: aioresponses) -> None:
    batches: list[list[str]] = []

    def answer(url: object, **_: object) -> CallbackResult:
        batches.append(re.sub(r".*document_ids=([^&]*).*", r"\1", str(url)).replace("%2C", ",").split(","))
        return CallbackResult(payload={"code": 0, "message": "The documents have been restored."})

    http.post(re.compile(rf"{BASE}/contacts/documents/restore\?.*"), callback=answer, repeat=True)
    ids = [str(460000000123000 + n) for n in range(60)]
    results = await books.contacts.documents.restore(document_ids=ids)
    assert [len(batch) for batch in batches] == [25, 25, 10]
    assert [one for batch in batches for one in batch] == ids
    assert all(result.message == "The documents have been restored." for result in results)


async def test_restore_refuses_bad_input_before_sending(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(ValueError, match="empty"):
        await books.contacts.documents.restore(document_ids=[])
    with pytest.raises(TypeError, match="list of ids"):
        await books.contacts.documents.restore(document_ids="460000000123001")
    with pytest.raises(ValueError, match="document_ids"):
        await books.contacts.documents.restore(document_ids=["1", "2/../3"])
    assert http.requests == {}


async def test_errors_are_typed(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        re.compile(rf"{BASE}/contacts/{C}/documents/{D}\?.*"),
        status=404,
        payload={"code": 1002, "message": "Document does not exist."},
    )
    http.put(
        re.compile(rf"{BASE}/contacts/{C}/documents/{D}\?.*"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for file_name"},
    )
    with pytest.raises(NotFoundError):
        await books.contacts.documents.delete(C, D)
    with pytest.raises(ValidationError, match="file_name"):
        await books.contacts.documents.update(C, D, file_name="")


@pytest.mark.parametrize("bad_id", ["1/../2", "", "abc"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    documents = books.contacts.documents
    with pytest.raises(ValueError):
        await documents.get(C, bad_id)
    with pytest.raises(ValueError):
        await documents.save(bad_id, D, "never.pdf")
    with pytest.raises(ValueError):
        await documents.update(C, bad_id, file_name="x.pdf")
    with pytest.raises(ValueError):
        await documents.delete(bad_id, D)
    assert http.requests == {}
