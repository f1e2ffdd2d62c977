"""Contact person routes: the persons live in their contact's ``contact_persons`` list.

So a person added here shows in ``GET /contacts/{id}``, marking one primary moves the
contact's ``primary_contact_id``, and deleting the contact deletes its persons.
"""

from __future__ import annotations

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, now, organization_of, page_of, stored_contact, stored_person

PERSON_ID = r"{contact_person_id:\d+}"
# Fields the server owns on a person: ignored when a client sends them.
SERVER_FIELDS = frozenset({"contact_person_id", "contact_id", "is_added_in_portal"})


def view(contact: JSONObject, person: JSONObject) -> JSONObject:
    """A person as the API shows it: with the id of its contact."""
    return {"contact_id": contact["contact_id"], **person}


def save_persons(
    request: web.Request, org: Organization, contact: JSONObject, persons: list[JSONObject]
) -> JSONObject:
    """Store the contact's new person list (primary flags and primary_contact_id follow)."""
    return contacts.update_contact(org, contact, {"contact_persons": persons}, now(request))


def _client_fields(body: JSONObject) -> JSONObject:
    fields = {key: value for key, value in contacts.normalise(body).items() if key not in SERVER_FIELDS}
    if "first_name" in fields and (
        not isinstance(fields["first_name"], str) or len(fields["first_name"]) > 100
    ):
        raise errors.invalid_field("first_name")
    return fields


def _only_primary(persons: list[JSONObject], chosen: JSONObject) -> list[JSONObject]:
    """The list with ``chosen`` (one of its items) the only person flagged primary."""
    return [{**p, "is_primary_contact": p is chosen} for p in persons]


async def create_person(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons: add a person to the contact named in the body."""
    body = await json_object(request)
    contact_id = contacts.normalise(body).get("contact_id")
    if not isinstance(contact_id, str) or not contact_id.isdigit():
        raise errors.invalid_field("contact_id")
    org = organization_of(request)
    contact = org.contacts.get(contact_id)
    if contact is None:
        raise errors.contact_missing()
    fields = _client_fields(body)
    if not str(fields.get("first_name") or "").strip():
        raise errors.invalid_field("first_name")
    persons = [*(contact.get("contact_persons") or []), fields]
    if fields.get("is_primary_contact"):
        persons = _only_primary(persons, fields)
    updated = save_persons(request, org, contact, persons)
    person = updated["contact_persons"][-1]
    return success("The contactperson has been Created", status=201, contact_person=view(updated, person))


async def list_all_persons(request: web.Request) -> web.Response:
    """GET /contacts/contactpersons: every person of the organization, contact by contact."""
    org = organization_of(request)
    everyone = [
        view(contact, person)
        for contact in org.contacts.values()
        for person in contact.get("contact_persons") or []
    ]
    page = page_of(request, everyone, "Contact Persons")
    return success(contact_persons=page["items"], page_context=page["page_context"])


async def list_persons(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/contactpersons: the persons of one contact, paged."""
    _, contact = stored_contact(request)
    persons = [view(contact, person) for person in contact.get("contact_persons") or []]
    page = page_of(request, persons, "Contact Persons")
    return success(contact_persons=page["items"], page_context=page["page_context"])


async def get_person(request: web.Request) -> web.Response:
    """GET /contacts/contactpersons/{contact_person_id}."""
    contact, person = stored_person(organization_of(request), request.match_info["contact_person_id"])
    return success(contact_person=view(contact, person))


async def get_person_of_contact(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/contactpersons/{contact_person_id}."""
    _, contact = stored_contact(request)
    for person in contact.get("contact_persons") or []:
        if person["contact_person_id"] == request.match_info["contact_person_id"]:
            return success(contact_person=view(contact, person))
    raise errors.record_missing("Contact person")


async def update_person(request: web.Request) -> web.Response:
    """PUT /contacts/contactpersons/{contact_person_id}: partial update of one person."""
    org = organization_of(request)
    person_id = request.match_info["contact_person_id"]
    contact, _ = stored_person(org, person_id)
    body = await json_object(request)
    claimed = contacts.normalise(body).get("contact_id")
    if claimed is not None and claimed != contact["contact_id"]:
        raise errors.invalid_field("contact_id")
    fields = _client_fields(body)
    if "first_name" in fields and not str(fields["first_name"]).strip():
        raise errors.invalid_field("first_name")
    persons = list(contact.get("contact_persons") or [])
    position = next(n for n, p in enumerate(persons) if p["contact_person_id"] == person_id)
    persons[position] = changed = {**persons[position], **fields}
    if fields.get("is_primary_contact"):
        persons = _only_primary(persons, changed)
    updated = save_persons(request, org, contact, persons)
    person = next(p for p in updated["contact_persons"] if p["contact_person_id"] == person_id)
    return success("The contactperson details has been updated.", contact_person=view(updated, person))


async def delete_person(request: web.Request) -> web.Response:
    """DELETE /contacts/contactpersons/{contact_person_id}."""
    org = organization_of(request)
    person_id = request.match_info["contact_person_id"]
    contact, _ = stored_person(org, person_id)
    remaining = [p for p in contact.get("contact_persons") or [] if p["contact_person_id"] != person_id]
    save_persons(request, org, contact, remaining)
    return success("The contact person has been deleted.")


async def mark_primary(request: web.Request) -> web.Response:
    """POST /contacts/contactpersons/{contact_person_id}/primary."""
    org = organization_of(request)
    person_id = request.match_info["contact_person_id"]
    contact, person = stored_person(org, person_id)
    save_persons(request, org, contact, _only_primary(contact["contact_persons"], person))
    return success("This contact person has been marked as your primary contact person.")


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/contactpersons"): create_person,
    ("GET", "/contacts/contactpersons"): list_all_persons,
    ("GET", "/contacts/contactpersons/{contact_person_id}"): get_person,
    ("PUT", "/contacts/contactpersons/{contact_person_id}"): update_person,
    ("DELETE", "/contacts/contactpersons/{contact_person_id}"): delete_person,
    ("POST", "/contacts/contactpersons/{contact_person_id}/primary"): mark_primary,
    ("GET", "/contacts/{contact_id}/contactpersons"): list_persons,
    ("GET", "/contacts/{contact_id}/contactpersons/{contact_person_id}"): get_person_of_contact,
}
"""(method, path template) -> the hook that answers it."""
