"""Contact documents: files attached to a contact, uploaded, downloaded, renamed and restored.

The generated functions, with two file conveniences: ``attach`` takes the file positionally
(a path, bytes or an async stream of bytes, with ``filename=``), ``save`` streams to a path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsDocuments
from ..fields import FileInput
from ..inputs import FileSource, file_part
from ..pipeline.values import FilePart, RequestOptions

if TYPE_CHECKING:
    from ..models.documents import AttachmentResult

ATTACHMENT_FIELD = "attachment"
"""The multipart field Zoho Books reads an uploaded file from."""


class AttachParams(TypedDict, total=False):
    """The keyword of the generated ``attach``, optional here: the file may come positionally."""

    attachment: FileInput


class Documents(ContactsDocuments):
    """``books.contacts.documents``: files attached to a contact. Scopes ``ZohoBooks.contacts.*``."""

    async def attach(
        self,
        contact_id: str | int,
        file: FileSource | FilePart | None = None,
        /,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        options: RequestOptions | None = None,
        **params: Unpack[AttachParams],
    ) -> AttachmentResult:
        """Upload a file (a path, bytes or an async stream of bytes) to a contact. Scope: contacts.CREATE.

        A path is streamed from disk, never read whole. Bytes and streams need ``filename=``.
        ``await books.contacts.documents.attach(contact_id, Path("w9.pdf"))``; the generated
        form ``attach(contact_id, attachment=Path("w9.pdf"))`` works as well.
        """
        given = params.get("attachment") if file is None else file
        if given is None:
            raise TypeError("contacts.documents.attach needs the file to upload")
        if isinstance(given, FilePart) and filename is None and content_type is None:
            part = given
        else:
            source = given.content if isinstance(given, FilePart) else given
            name = filename or (given.filename if isinstance(given, FilePart) else None)
            part = await file_part(ATTACHMENT_FIELD, source, filename=name, content_type=content_type)
        return await super().attach(contact_id, options=options, attachment=part)

    async def save(
        self,
        contact_id: str,
        document_id: str,
        target: str | os.PathLike[str],
        *,
        options: RequestOptions | None = None,
    ) -> Path:
        """Stream a contact document to the file ``target`` without holding it in memory: the
        generated ``download(..., to=)``. Scope: contacts.READ.

        The file appears under its name only once complete.
        ``await books.contacts.documents.save(contact_id, document_id, "w9.pdf")``
        """
        return await self.get(contact_id, document_id, to=Path(target), options=options)
