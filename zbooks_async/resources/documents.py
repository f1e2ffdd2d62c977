"""Contact documents: files attached to a contact, uploaded, downloaded, renamed and restored."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypedDict

from .._generated.api.contacts import ContactsDocuments
from .._generated.operations import contacts as contact_operations
from ..inputs import MAX_IDS_PER_REQUEST, FileSource, file_part
from ..models.documents import AttachmentResult
from ..pipeline.values import RequestOptions

DOWNLOAD = contact_operations.DOCUMENTS_DOWNLOAD
RESTORE = contact_operations.DOCUMENTS_RESTORE
ATTACH = contact_operations.DOCUMENTS_ATTACH

RESTORE_CAP = MAX_IDS_PER_REQUEST
"""Ids per restore request: Zoho caps its bulk actions at 25 records."""
ATTACHMENT_FIELD = "attachment"
"""The multipart field Zoho Books reads an uploaded file from."""


class DocumentFields(TypedDict, total=False):
    """What an update of a contact document may change."""

    file_name: str


class Documents(ContactsDocuments):
    """``books.contacts.documents``: files attached to a contact. Scopes ``ZohoBooks.contacts.*``."""

    async def attach(  # type: ignore[override]
        self,
        contact_id: str,
        file: FileSource,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> AttachmentResult:
        """Upload a file (a path, bytes or an async stream of bytes) to a contact. Scope: contacts.CREATE.

        A path is streamed from disk, never read whole. Bytes and streams need ``filename=``.
        ``await books.contacts.documents.attach(contact_id, Path("w9.pdf"))``
        """
        part = await file_part(ATTACHMENT_FIELD, file, filename=filename, content_type=content_type)
        return await self._answer(
            ATTACH, AttachmentResult, path={"contact_id": contact_id}, files=(part,), options=options
        )

    async def download(  # type: ignore[override]
        self,
        contact_id: str,
        document_id: str,
        *,
        options: RequestOptions | None = None,
    ) -> bytes:
        """Fetch a contact document's content as bytes. Scope: contacts.READ.

        ``pdf = await books.contacts.documents.download(contact_id, document_id)``
        """
        return await self._download(
            DOWNLOAD, path={"contact_id": contact_id, "document_id": document_id}, options=options
        )

    async def save(
        self,
        contact_id: str,
        document_id: str,
        target: str | os.PathLike[str],
        *,
        options: RequestOptions | None = None,
    ) -> Path:
        """Stream a contact document to the file ``target`` without holding it in memory.

        Scope: contacts.READ. The file appears under its name only once complete.
        ``await books.contacts.documents.save(contact_id, document_id, "w9.pdf")``
        """
        return await self._save(
            DOWNLOAD,
            Path(target),
            path={"contact_id": contact_id, "document_id": document_id},
            options=options,
        )
