"""Automatic payment reminders for a contact: on or off."""

from __future__ import annotations

from .._generated.operations import contacts as contact_operations
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions
from .base import Resource

ENABLE = contact_operations.PAYMENT_REMINDERS_ENABLE
DISABLE = contact_operations.PAYMENT_REMINDERS_DISABLE


class PaymentReminders(Resource):
    """``books.contacts.payment_reminders``: Zoho's automated reminders of unpaid invoices."""

    async def enable(self, contact_id: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Send this contact automated payment reminders. Scope: contacts.CREATE.

        ``await books.contacts.payment_reminders.enable(cid)``
        """
        return await self._action(ENABLE, path={"contact_id": contact_id}, options=options)

    async def disable(self, contact_id: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Stop automated payment reminders to this contact. Scope: contacts.CREATE.

        ``await books.contacts.payment_reminders.disable(cid)``
        """
        return await self._action(DISABLE, path={"contact_id": contact_id}, options=options)
