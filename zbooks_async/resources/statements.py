"""Contact statements: read one (JSON or PDF) and email it to a customer or a vendor."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsStatementsBase
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_fields, date_range, require_fields
from ..models.base import ActionResult
from ..models.emails import EmailContent
from ..models.statements import ContactStatement
from ..pipeline.values import RequestOptions

GET = contact_operations.STATEMENTS_GET
EMAIL = contact_operations.STATEMENTS_EMAIL
EMAIL_CONTENT = contact_operations.STATEMENTS_EMAIL_CONTENT
EMAIL_VENDOR = contact_operations.STATEMENTS_EMAIL_VENDOR

_REQUIRED = ("to_mail_ids", "subject", "body")


class StatementEmailFields(TypedDict, total=False):
    """The body of a statement email, named as in Zoho's OpenAPI document."""

    send_from_org_email_id: bool
    to_mail_ids: Sequence[str]
    cc_mail_ids: Sequence[str]
    subject: str
    body: str


def _email_body(fields: StatementEmailFields) -> dict[str, object] | None:
    # No fields: Zoho sends its default content to the contact's default recipients.
    if not fields:
        return None
    body = checked_fields(StatementEmailFields, fields)
    require_fields(body, _REQUIRED, "email a statement with custom content")
    return body


class ContactStatements(ContactsStatementsBase):
    """``books.contacts.statements``: a contact's statement of account, and emailing it."""

    async def get(
        self,
        contact_id: str,
        *,
        start_date: date | None = None,
        end_date: date | None = None,
        options: RequestOptions | None = None,
    ) -> ContactStatement:
        """The statement for a period (this month by default) as data. Scope: contacts.READ.

        ``s = await books.contacts.statements.get(cid, start_date=date(2024, 1, 1))``
        """
        return await self._fetch(
            GET,
            ContactStatement,
            path={"contact_id": contact_id},
            query=date_range(start_date, end_date),
            options=options,
        )

    async def pdf(
        self,
        contact_id: str,
        *,
        start_date: date | None = None,
        end_date: date | None = None,
        options: RequestOptions | None = None,
    ) -> bytes:
        """The statement as PDF bytes (held in memory; see ``download``). Scope: contacts.READ.

        ``data = await books.contacts.statements.pdf(cid, start_date=date(2024, 1, 1))``
        """
        return await self._download(
            GET,
            path={"contact_id": contact_id},
            query={**date_range(start_date, end_date), "accept": "pdf"},
            options=options,
        )

    async def download(
        self,
        contact_id: str,
        to: Path | str,
        *,
        start_date: date | None = None,
        end_date: date | None = None,
        options: RequestOptions | None = None,
    ) -> Path:
        """Stream the statement PDF into the file ``to`` without holding it in memory.

        The file appears only once complete. Scope: contacts.READ.
        ``await books.contacts.statements.download(cid, "statement.pdf")``
        """
        target = Path(to)
        if not await asyncio.to_thread(target.parent.is_dir):
            raise ValueError(f"cannot save to {str(target)!r}: {str(target.parent)!r} is not a folder")
        return await self._save(
            GET,
            target,
            path={"contact_id": contact_id},
            query={**date_range(start_date, end_date), "accept": "pdf"},
            options=options,
        )

    async def email(
        self,
        contact_id: str,
        *,
        start_date: date | None = None,
        end_date: date | None = None,
        options: RequestOptions | None = None,
        **fields: Unpack[StatementEmailFields],
    ) -> ActionResult:
        """Email the statement to the customer. Scope: contacts.CREATE.

        With no fields Zoho uses its default content; custom content needs ``to_mail_ids``,
        ``subject`` and ``body``. Never replayed automatically (it would send twice).
        ``await books.contacts.statements.email(cid, end_date=date(2024, 1, 31))``
        """
        return await self._action(
            EMAIL,
            path={"contact_id": contact_id},
            query=date_range(start_date, end_date),
            json=_email_body(fields),
            options=options,
        )

    async def email_content(
        self,
        contact_id: str,
        *,
        start_date: date | None = None,
        end_date: date | None = None,
        options: RequestOptions | None = None,
    ) -> EmailContent:
        """The subject, body and recipients Zoho proposes for the statement email.

        Scope: contacts.READ. ``content = await books.contacts.statements.email_content(cid)``
        """
        return await self._fetch(
            EMAIL_CONTENT,
            EmailContent,
            path={"contact_id": contact_id},
            query=date_range(start_date, end_date),
            options=options,
        )

    async def email_vendor(
        self,
        contact_id: str,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[StatementEmailFields],
    ) -> ActionResult:
        """Email a vendor their statement. Scope: contacts.CREATE.

        Zoho documents no body for this call; the fields are those of the customer statement
        email, and with none Zoho uses its default content.
        ``await books.contacts.statements.email_vendor(vendor_id)``
        """
        return await self._action(
            EMAIL_VENDOR, path={"contact_id": contact_id}, json=_email_body(fields), options=options
        )
