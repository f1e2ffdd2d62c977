"""Emails to a contact: a free-form email, a client review request, a payment method request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsEmails
from .._generated.operations import contacts as contact_operations
from ..inputs import FileSource, check_value, checked_fields, file_parts, require_fields
from ..models.base import ActionResult
from ..pipeline.values import FilePart, RequestOptions

SEND = contact_operations.EMAILS_SEND


class ContactEmailFields(TypedDict, total=False):
    """The body of "email contact", named as in Zoho's OpenAPI document."""

    to_mail_ids: Sequence[str]
    subject: str
    body: str


class EmailFields(TypedDict, total=False):
    """Custom content for Zoho's templated emails (review and payment method requests)."""

    to_mail_ids: Sequence[str]
    cc_mail_ids: Sequence[str]
    subject: str
    body: str


class ContactEmails(ContactsEmails):
    """``books.contacts.emails``: emails to a contact and the content Zoho proposes for them."""

    async def send(
        self,
        contact_id: str,  # type: ignore[override]
        *,
        send_customer_statement: bool | None = None,
        attachments: Sequence[FileSource | FilePart] = (),
        options: RequestOptions | None = None,
        **fields: Unpack[ContactEmailFields],
    ) -> ActionResult:
        """Email a contact; ``to_mail_ids``, ``subject`` and ``body`` are required.

        ``attachments`` are paths (streamed from disk, never read whole) or ``FilePart``s for
        bytes. Scope: contacts.CREATE. Never replayed automatically (it would send twice).
        ``await books.contacts.emails.send(cid, to_mail_ids=["a@b.com"], subject="Hi", body="...")``
        """
        body = checked_fields(ContactEmailFields, fields)
        require_fields(body, ("to_mail_ids", "subject", "body"), "email a contact")
        check_value("send_customer_statement", send_customer_statement, bool | None)
        files = await file_parts("attachments", attachments)
        return await self._action(
            SEND,
            path={"contact_id": contact_id},
            query={"send_customer_statement": send_customer_statement},
            json=body,
            files=files,
            options=options,
        )
