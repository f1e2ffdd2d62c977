"""Contact statements: read one (JSON or PDF) and email it to a customer or a vendor."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypedDict

from .._generated.api.contacts import ContactsStatements
from .._generated.operations import contacts as contact_operations
from ..inputs import date_range
from ..pipeline.values import RequestOptions

GET = contact_operations.STATEMENTS_GET


class StatementEmailFields(TypedDict, total=False):
    """The body of a statement email, named as in Zoho's OpenAPI document."""

    send_from_org_email_id: bool
    to_mail_ids: Sequence[str]
    cc_mail_ids: Sequence[str]
    subject: str
    body: str


class ContactStatements(ContactsStatements):
    """``books.contacts.statements``: a contact's statement of account, and emailing it."""

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
