"""The client portal: enable it for a contact's persons, disable it, and invite persons.

Enabling gives the named persons (each must belong to the contact and have an email) portal
access (``is_added_in_portal``) and sets the contact's ``portal_status`` to ``enabled``; disabling
takes it from all of them.
An invitation also enables the person; resending needs an earlier invitation. Invitations are
kept in the organization's ``portal_invitations`` items per contact.
"""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, now, organization_of, stored_contact, stored_person

INVITATIONS = "portal_invitations"


def _give_access(record: JSONObject, person: JSONObject) -> None:
    if not person.get("email"):
        raise errors.invalid_field("email: the contact person has no email address")
    person["is_added_in_portal"] = True
    record["portal_status"] = "enabled"


async def enable_portal(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/portal/enable with ``{"contact_persons": [{id}, ...]}``."""
    org, record = stored_contact(request)
    body = await json_object(request)
    wanted = body.get("contact_persons")
    if not isinstance(wanted, list) or not wanted or not all(isinstance(p, dict) for p in wanted):
        raise errors.invalid_field("contact_persons")
    persons = {p["contact_person_id"]: p for p in record.get("contact_persons") or []}
    chosen = [persons.get(str(p.get("contact_person_id", ""))) for p in wanted]
    ready = [person for person in chosen if person is not None and person.get("email")]
    if len(ready) != len(chosen):  # unknown person or no email: change nothing
        raise errors.invalid_field("contact_persons")
    for person in ready:
        _give_access(record, person)
    record["last_modified_time"] = now(request)
    org.touch()
    return success("Client Portal preferences have been updated")


async def disable_portal(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/portal/disable."""
    org, record = stored_contact(request)
    for person in record.get("contact_persons") or []:
        person["is_added_in_portal"] = False
    record["portal_status"] = "disabled"
    record["last_modified_time"] = now(request)
    org.touch()
    return success()


def _invite(org: Organization, record: JSONObject, person: JSONObject, now: str) -> None:
    _give_access(record, person)
    org.related(INVITATIONS, record["contact_id"])[org.new_id()] = {
        "contact_person_id": person["contact_person_id"],
        "email": person["email"],
        "sent_time": now,
    }
    org.touch()


async def invite_person(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons/{contact_person_id}/portal/invite."""
    org = organization_of(request)
    record, person = stored_person(org, request.match_info["contact_person_id"])
    _invite(org, record, person, now(request))
    return success()


async def resend_invitation(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons/{contact_person_id}/portal/invite/resend."""
    org = organization_of(request)
    record, person = stored_person(org, request.match_info["contact_person_id"])
    sent = org.related(INVITATIONS, record["contact_id"]).values()
    if not any(s["contact_person_id"] == person["contact_person_id"] for s in sent):
        raise errors.invalid_field("contact_person_id: no invitation was sent to this person")
    _invite(org, record, person, now(request))
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/portal/enable"): enable_portal,
    ("POST", "/contacts/{contact_id}/portal/disable"): disable_portal,
    ("POST", "/contacts/contactpersons/{contact_person_id}/portal/invite"): invite_person,
    ("POST", "/contacts/contactpersons/{contact_person_id}/portal/invite/resend"): resend_invitation,
}
"""(method, path template) -> the hook that answers it."""
