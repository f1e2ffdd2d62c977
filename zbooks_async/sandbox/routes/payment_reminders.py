"""Automated payment reminders for a contact: sets the contact's ``payment_reminder_enabled``."""

from __future__ import annotations

from aiohttp import web

from ..envelope import success
from .common import Serve, now, stored_contact


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


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/paymentreminder/enable"): enable_reminders,
    ("POST", "/contacts/{contact_id}/paymentreminder/disable"): disable_reminders,
}
"""(method, path template) -> the hook that answers it."""
