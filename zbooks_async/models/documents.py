"""Files attached to a contact.

Zoho's Contacts reference shows no document object; the fields are those Zoho Books uses for
attached documents elsewhere (the ``documents`` of an invoice or a bill).
"""

from __future__ import annotations

import attrs

from .base import ActionResult, Model


@attrs.define(kw_only=True)
class ContactDocument(Model):
    """A file attached to a contact."""

    document_id: str | None = None
    file_name: str | None = None
    file_type: str | None = None
    file_size: int | None = None
    file_size_formatted: str | None = None
    attachment_order: int | None = None
    can_send_in_mail: bool | None = None


@attrs.define(kw_only=True)
class AttachmentResult(ActionResult):
    """The answer to an upload: Zoho's code and message, and the contact's documents if given."""

    documents: list[ContactDocument] | None = None
