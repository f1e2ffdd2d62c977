"""Contact document routes: upload (multipart), download, rename, delete and restore.

Per contact: ``documents`` (the records the API shows), ``document_files`` (their bytes and
content type) and ``deleted_documents`` (records waiting for a restore). Uploads are read
with aiohttp's form parser, so the app's ``client_max_size`` (1 MiB by default) caps them.
"""

from __future__ import annotations

import asyncio
from pathlib import PurePosixPath

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, organization_of, stored_contact

DOCUMENTS = "documents"
FILES = "document_files"
DELETED = "deleted_documents"
ATTACHMENT_FIELD = "attachment"
MAX_RESTORE_IDS = 25


def _size_text(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB"


def _stored_document(request: web.Request) -> tuple[Organization, JSONObject, JSONObject]:
    org, contact = stored_contact(request)
    record = org.related(DOCUMENTS, contact["contact_id"]).get(request.match_info["document_id"])
    if record is None:
        raise errors.record_missing("Document")
    return org, contact, record


async def attach(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/attachment: the file in multipart field ``attachment``."""
    org, contact = stored_contact(request)
    form = await request.post()
    part = form.get(ATTACHMENT_FIELD)
    if not isinstance(part, web.FileField) or not part.filename:
        raise errors.invalid_field(ATTACHMENT_FIELD)
    content = await asyncio.to_thread(part.file.read)
    documents = org.related(DOCUMENTS, contact["contact_id"])
    record: JSONObject = {
        "document_id": org.new_id(),
        "file_name": part.filename,
        "file_type": PurePosixPath(part.filename).suffix.lstrip(".").lower(),
        "file_size": len(content),
        "file_size_formatted": _size_text(len(content)),
        "attachment_order": len(documents) + 1,
        "can_send_in_mail": False,
    }
    documents[record["document_id"]] = record
    org.related(FILES, contact["contact_id"])[record["document_id"]] = {
        "content": content,
        "content_type": part.content_type,
    }
    org.touch()
    return success("Your file has been successfully attached to the contact.", documents=[record])


async def download(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/documents/{document_id}: the file itself."""
    org, contact, record = _stored_document(request)
    stored = org.related(FILES, contact["contact_id"])[record["document_id"]]
    return web.Response(
        body=stored["content"],
        content_type=stored["content_type"],
        headers={"Content-Disposition": f'attachment; filename="{record["file_name"]}"'},
    )


async def update_document(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/documents/{document_id}: rename (``file_name``)."""
    org, _, record = _stored_document(request)
    body = contacts.normalise(await json_object(request))
    if "file_name" in body:
        name = body["file_name"]
        if not isinstance(name, str) or not name.strip() or len(name) > 200 or "/" in name:
            raise errors.invalid_field("file_name")
        record["file_name"] = name
        record["file_type"] = PurePosixPath(name).suffix.lstrip(".").lower()
    org.touch()
    return success()


async def delete_document(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/documents/{document_id}: kept aside for a restore."""
    org, contact, record = _stored_document(request)
    del org.related(DOCUMENTS, contact["contact_id"])[record["document_id"]]
    org.related(DELETED, contact["contact_id"])[record["document_id"]] = record
    org.touch()
    return success()


async def restore_documents(request: web.Request) -> web.Response:
    """POST /contacts/documents/restore?document_ids=1,2: all or nothing, at most 25 ids."""
    raw = request.query.get("document_ids", "").split(",")
    ids = list(dict.fromkeys(part.strip() for part in raw if part.strip()))
    if not ids or not all(one.isdigit() for one in ids):
        raise errors.invalid_parameter("document_ids")
    if len(ids) > MAX_RESTORE_IDS:
        raise errors.invalid_parameter(
            "document_ids", f"At most {MAX_RESTORE_IDS} documents can be restored at once."
        )
    org = organization_of(request)
    owners = {
        document_id: contact_id
        for contact_id in org.contacts
        for document_id in org.related(DELETED, contact_id)
    }
    if any(one not in owners for one in ids):
        raise errors.record_missing("Document")
    for document_id in ids:
        contact_id = owners[document_id]
        record = org.related(DELETED, contact_id).pop(document_id)
        org.related(DOCUMENTS, contact_id)[document_id] = record
    org.touch()
    return success("The documents have been restored.")


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/attachment"): attach,
    ("GET", "/contacts/{contact_id}/documents/{document_id}"): download,
    ("PUT", "/contacts/{contact_id}/documents/{document_id}"): update_document,
    ("DELETE", "/contacts/{contact_id}/documents/{document_id}"): delete_document,
    ("POST", "/contacts/documents/restore"): restore_documents,
}
"""(method, path template) -> the hook that answers it."""
