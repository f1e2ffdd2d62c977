"""SMS notifications: send to one contact or many, preview the message, and switch SMS on or
off for a contact person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsSms
from .._generated.operations import contacts as contact_operations
from ..batching import in_batches
from ..inputs import MAX_IDS_PER_REQUEST, checked_fields, checked_ids
from ..models.base import ActionResult
from ..models.sms import SmsContent
from ..pipeline.values import RequestOptions

SEND_MANY = contact_operations.SMS_SEND_MANY
GET_CONTENT_MANY = contact_operations.SMS_GET_CONTENT_MANY


class SmsFields(TypedDict, total=False):
    """What an SMS may carry. Zoho's OpenAPI lists no body fields; without ``body`` Zoho sends
    its prefilled message (see ``get_content``)."""

    body: str


class Sms(ContactsSms):
    """``books.contacts.sms``: SMS notifications to contacts and their persons."""

    async def send_many(  # type: ignore[override]
        self,
        contact_ids: Sequence[str],
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[SmsFields],
    ) -> list[ActionResult]:
        """Send an SMS to many contacts, in requests of at most 25 ids. Scope: contacts.CREATE.

        ``await books.contacts.sms.send_many(["460000000026049", "460000000026051"])``
        """
        body = checked_fields(SmsFields, fields) or None
        return await in_batches(
            lambda **ids: self._action(SEND_MANY, query=ids, json=body, options=options),
            contact_ids,
            param="contact_ids",
        )

    async def get_content_many(  # type: ignore[override]
        self, contact_ids: Sequence[str], *, options: RequestOptions | None = None
    ) -> SmsContent:
        """The SMS Zoho would send to these contacts (at most 25). Scope: contacts.READ.

        ``content = await books.contacts.sms.get_content_many([cid1, cid2])``
        """
        ids = checked_ids("contact_ids", contact_ids, limit=MAX_IDS_PER_REQUEST)
        return await self._fetch(
            GET_CONTENT_MANY, SmsContent, query={"contact_ids": ",".join(ids)}, options=options
        )
