"""books.contacts.documents end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from zbooks_async import NotFoundError, ValidationError, ZohoBooks
from zbooks_async.inputs import FileSource
from zbooks_async.sandbox import Sandbox, SandboxConfig, create_app

from .sandbox_session import ORG, in_process_books, live_sandbox, new_contact, received

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 200


async def chunks() -> AsyncIterator[bytes]:
    for start in range(0, len(PDF), 4096):
        yield PDF[start : start + 4096]


async def attach_one(books: ZohoBooks, contact_id: str, name: str = "w9.pdf") -> str:
    result = await books.contacts.documents.attach(contact_id, PDF, filename=name)
    assert result.documents is not None and result.documents[0].document_id is not None
    return result.documents[0].document_id


def stored_bytes(sandbox: Sandbox, contact_id: str, document_id: str) -> bytes:
    content: bytes = sandbox.organization(ORG).related("document_files", contact_id)[document_id]["content"]
    return content


@pytest.mark.parametrize("source", ["path", "bytes", "stream"])
async def test_attach_uploads_the_file(tmp_path: Path, source: str) -> None:
    file = tmp_path / "w9.pdf"
    file.write_bytes(PDF)
    sources: dict[str, FileSource] = {"path": file, "bytes": PDF, "stream": chunks()}
    given = sources[source]
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        result = await books.contacts.documents.attach(
            contact_id, given, filename=None if source == "path" else "w9.pdf"
        )
        method, path, query, body = received(sandbox)
        assert (method, path, query) == ("POST", f"/contacts/{contact_id}/attachment", {})
        assert list(body) == ["attachment"] and "w9.pdf" in body["attachment"]
        assert sandbox.stats.requests[-1].headers["Content-Type"].startswith("multipart/form-data")
    assert result.message == "Your file has been successfully attached to the contact."
    assert result.documents is not None
    [document] = result.documents
    assert document.file_name == "w9.pdf" and document.file_type == "pdf" and document.file_size == len(PDF)
    assert document.document_id is not None
    assert stored_bytes(sandbox, contact_id, document.document_id) == PDF


async def test_download_returns_the_uploaded_bytes() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        document_id = await attach_one(books, contact_id)
        content = await books.contacts.documents.get(contact_id, document_id)
        assert received(sandbox) == ("GET", f"/contacts/{contact_id}/documents/{document_id}", {}, None)
    assert content == PDF


async def test_save_streams_the_document_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.pdf"
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        document_id = await attach_one(books, contact_id)
        saved = await books.contacts.documents.save(contact_id, document_id, target)
        assert received(sandbox) == ("GET", f"/contacts/{contact_id}/documents/{document_id}", {}, None)
    assert saved == target and target.read_bytes() == PDF


async def test_update_renames_the_document() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        document_id = await attach_one(books, contact_id)
        result = await books.contacts.documents.update(contact_id, document_id, file_name="w9-2024.pdf")
        assert received(sandbox) == (
            "PUT",
            f"/contacts/{contact_id}/documents/{document_id}",
            {},
            {"file_name": "w9-2024.pdf"},
        )
        with pytest.raises(ValidationError):
            await books.contacts.documents.update(contact_id, document_id, file_name="")
    assert result.code == 0
    assert (
        sandbox.organization(ORG).related("documents", contact_id)[document_id]["file_name"] == "w9-2024.pdf"
    )


async def test_delete_then_restore_brings_the_document_back() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        document_id = await attach_one(books, contact_id)
        deleted = await books.contacts.documents.delete(contact_id, document_id)
        assert received(sandbox) == ("DELETE", f"/contacts/{contact_id}/documents/{document_id}", {}, None)
        with pytest.raises(NotFoundError) as gone:
            await books.contacts.documents.get(contact_id, document_id)
        [restored] = await books.contacts.documents.restore(document_ids=[document_id])
        assert received(sandbox) == (
            "POST",
            "/contacts/documents/restore",
            {"document_ids": document_id},
            None,
        )
        content = await books.contacts.documents.get(contact_id, document_id)
    assert deleted.code == 0 and gone.value.code == 1002
    assert restored.message == "The documents have been restored." and content == PDF


async def test_restore_of_many_ids_is_split_into_requests_the_sandbox_accepts() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        ids = [await attach_one(books, contact_id, f"file{n}.pdf") for n in range(30)]
        for document_id in ids:
            await books.contacts.documents.delete(contact_id, document_id)
        results = await books.contacts.documents.restore(document_ids=ids)
        batches = [r.query["document_ids"].split(",") for r in sandbox.stats.requests[-2:]]
    assert [len(batch) for batch in batches] == [25, 5] and batches[0] + batches[1] == ids
    assert len(results) == 2
    assert set(sandbox.organization(ORG).related("documents", contact_id)) == set(ids)


async def test_restore_of_an_unknown_document_is_not_found() -> None:
    async with live_sandbox() as (books, _):
        await new_contact(books)
        with pytest.raises(NotFoundError):
            await books.contacts.documents.restore(document_ids=["460000000000001"])


async def test_uploads_and_downloads_work_in_process_too(tmp_path: Path) -> None:
    app = create_app(SandboxConfig().unlimited())
    async with in_process_books(app) as books:
        contact_id = await new_contact(books)
        result = await books.contacts.documents.attach(contact_id, chunks(), filename="w9.pdf")
        assert result.documents is not None and result.documents[0].document_id is not None
        document_id = result.documents[0].document_id
        content = await books.contacts.documents.get(contact_id, document_id)
        saved = await books.contacts.documents.save(contact_id, document_id, tmp_path / "copy.pdf")
    assert content == PDF and saved.read_bytes() == PDF
