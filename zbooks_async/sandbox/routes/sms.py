"""SMS notifications: send to a contact or many, preview the message, and switch SMS on or off
for a contact person.

An SMS goes to the contact persons with SMS enabled and a mobile number; a contact with none
answers 400 code 4. Every SMS sent is kept in the organization's ``sms_sent`` items per contact,
so tests can see what went out.
"""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..envelope import success
from ..payload import read_payload
from ..state import JSONObject, Organization
from .common import Serve, contacts_in_query, now, organization_of, stored_contact, stored_person

SENT = "sms_sent"


def default_text(record: JSONObject) -> str:
    """The prefilled message for a contact."""
    return f"Dear {record['contact_name']}, you have a new update from us. Thank you for your business."


def _recipients(record: JSONObject) -> list[JSONObject]:
    return [
        {
            "contact_person_id": person["contact_person_id"],
            "contact_id": record["contact_id"],
            "salutation": person.get("salutation", ""),
            "first_name": person.get("first_name", ""),
            "last_name": person.get("last_name", ""),
            "mobile": person["mobile"],
            "selected": _can_receive(person),
        }
        for person in record.get("contact_persons") or []
        if person.get("mobile")
    ]


def _can_receive(person: JSONObject) -> bool:
    preference = person.get("communication_preference") or {}
    return bool(person.get("mobile")) and bool(preference.get("is_sms_enabled"))


async def _text(request: web.Request) -> str | None:
    payload = await read_payload(request)
    if payload is None:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("body", ""), str):
        raise errors.invalid_field("body")
    text = payload.get("body")
    return text if text else None


def _send(org: Organization, record: JSONObject, text: str | None, now: str) -> None:
    recipients = [r for r in _recipients(record) if r["selected"]]
    if not recipients:
        raise errors.invalid_field("contact_persons: no contact person can receive SMS")
    message_id = org.new_id()
    org.related(SENT, record["contact_id"])[message_id] = {
        "sms_id": message_id,
        "body": text or default_text(record),
        "to_mobile_numbers": [r["mobile"] for r in recipients],
        "sent_time": now,
    }
    org.touch()


async def send_sms(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/sms (an optional JSON ``body`` replaces the prefilled text)."""
    org, record = stored_contact(request)
    _send(org, record, await _text(request), now(request))
    return success("Your SMS has been sent.")


async def sms_content(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/sms."""
    _, record = stored_contact(request)
    data = {
        "contact_id": record["contact_id"],
        "body": default_text(record),
        "to_contacts": _recipients(record),
    }
    return success(data=data)


async def send_sms_to_many(request: web.Request) -> web.Response:
    """POST /contacts/sms?contact_ids=...: all or nothing, at most 25 contacts."""
    records = contacts_in_query(request)
    org, text, stamp = organization_of(request), await _text(request), now(request)
    for record in records:
        if not any(r["selected"] for r in _recipients(record)):
            raise errors.invalid_field(f"contact_ids: {record['contact_name']} cannot receive SMS")
    for record in records:
        _send(org, record, text, stamp)
    return success("Your SMS has been sent.")


async def sms_content_for_many(request: web.Request) -> web.Response:
    """GET /contacts/sms?contact_ids=...."""
    records = contacts_in_query(request)
    data = {
        "contact_ids": [record["contact_id"] for record in records],
        "body": "Dear Customer, you have a new update from us. Thank you for your business.",
        "to_contacts": [r for record in records for r in _recipients(record)],
    }
    return success(data=data)


async def _switch(request: web.Request, enabled: bool) -> web.Response:
    org = organization_of(request)
    _, person = stored_person(org, request.match_info["contact_person_id"])
    if enabled and not person.get("mobile"):
        raise errors.invalid_field("mobile: the contact person has no mobile number")
    preference = dict(person.get("communication_preference") or {})
    preference["is_sms_enabled"] = enabled
    person["communication_preference"] = preference
    org.touch()
    return success("SMS notifications have been " + ("enabled." if enabled else "disabled."))


async def enable_person_sms(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons/{contact_person_id}/sms/enable (needs a mobile number)."""
    return await _switch(request, True)


async def disable_person_sms(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons/{contact_person_id}/sms/disable."""
    return await _switch(request, False)


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/sms"): send_sms,
    ("GET", "/contacts/{contact_id}/sms"): sms_content,
    ("POST", "/contacts/sms"): send_sms_to_many,
    ("GET", "/contacts/sms"): sms_content_for_many,
    ("POST", "/contacts/contactpersons/{contact_person_id}/sms/enable"): enable_person_sms,
    ("POST", "/contacts/contactpersons/{contact_person_id}/sms/disable"): disable_person_sms,
}
"""(method, path template) -> the hook that answers it."""
