"""Automated payment reminders for a contact: sets the contact's ``payment_reminder_enabled``."""

from __future__ import annotations

from aiohttp import web

from ..envelope import success
from .common import now, stored_contact


def register(router: web.UrlDispatcher, prefix: str = "") -> None:
    """Add the payment reminder routes under ``prefix``."""
    contact = f"{prefix}/contacts/{{contact_id:\\d+}}"
    router.add_post(f"{contact}/paymentreminder/enable", enable_reminders)
    router.add_post(f"{contact}/paymentreminder/disable", disable_reminders)


def _set(request: web.Request, enabled: bool) -> None:
    org, record = stored_contact(request)
    org.put_contact({**record, "payment_reminder_enabled": enabled, "last_modified_time": now(request)})


async def enable_reminders(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/paymentreminder/enable."""
    _set(request, True)
    return success("All reminders associated with this contact have been enabled.")


async def disable_reminders(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/paymentreminder/disable."""
    _set(request, False)
    return success("All reminders associated with this contact have been stopped.")
