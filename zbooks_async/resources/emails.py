"""Emails to a contact: a free-form email, a client review request, a payment method request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Required, TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsEmails
from .._generated.operations import contacts as contact_operations
from ..fields import FileInput, prepare
from ..inputs import FileSource, file_parts
from ..models.base import ActionResult
from ..operations import check_id
from ..pipeline.values import FilePart, RequestOptions

SEND = contact_operations.EMAILS_SEND


class ContactEmailParams(TypedDict, total=False):
    """The keywords of ``emails.send``: the generated ones, with several ``attachments``."""

    send_customer_statement: bool
    to_mail_ids: Required[Sequence[str]]
    subject: Required[str]
    body: Required[str]
    attachments: FileInput | Sequence[FileSource | FilePart]


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
        contact_id: str | int,
        /,
        *,
        options: RequestOptions | None = None,
        **params: Unpack[ContactEmailParams],
    ) -> ActionResult:
        """Email a contact; ``to_mail_ids``, ``subject`` and ``body`` are required.

        ``attachments`` is one file or a list of them: paths (streamed from disk, never read
        whole) or ``FilePart``s for bytes. Scope: contacts.CREATE. Never replayed automatically
        (it would send twice).
        ``await books.contacts.emails.send(cid, to_mail_ids=["a@b.com"], subject="Hi", body="...")``
        """
        attachments = params.pop("attachments", ())
        prepared = prepare(SEND, params)  # the one checker, as the generated send
        many = (
            attachments
            if isinstance(attachments, Sequence) and not isinstance(attachments, str)
            else [attachments]
        )
        files = await file_parts("attachments", many)
        return await self._action(
            SEND,
            path={"contact_id": check_id("contact_id", contact_id)},
            query=prepared.query,
            json=prepared.body,
            files=files,
            options=options,
        )
