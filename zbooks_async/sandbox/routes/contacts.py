"""Contact routes: create, list, get, update, delete, bulk delete, (in)activate, upsert."""

from __future__ import annotations

from aiohttp import web

from .. import contact_listing, contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject
from .common import Serve, now, organization_of, stored_contact

MAX_BULK_IDS = 200


async def create_contact(request: web.Request) -> web.Response:
    """POST /contacts: 201 with the new contact."""
    body = await json_object(request)
    record = contacts.new_contact(organization_of(request), body, now(request))
    return success("The contact has been created", status=201, contact=contacts.answer(record))


async def list_contacts(request: web.Request) -> web.Response:
    """GET /contacts: one page of contact summaries and its page_context."""
    query = contact_listing.parse_query(request.query)
    records, total = contact_listing.list_page(organization_of(request), query)
    return success(
        contacts=[contacts.summary(r) for r in records],
        page_context=contact_listing.page_context(query, total),
    )


async def get_contact(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}."""
    _, record = stored_contact(request)
    return success(contact=contacts.answer(record))


async def update_contact(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}: partial update; bumps last_modified_time."""
    org, record = stored_contact(request)
    body = await json_object(request)
    updated = contacts.update_contact(org, record, body, now(request))
    return success("Contact has been updated successfully", contact=contacts.answer(updated))


async def delete_contact(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}."""
    org, record = stored_contact(request)
    org.remove_contact(record["contact_id"])
    return success("The contact has been deleted.")


async def delete_contacts(request: web.Request) -> web.Response:
    """DELETE /contacts?contact_ids=1,2,3: all or nothing, at most 200 ids."""
    raw = request.query.get("contact_ids", "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids:
        raise errors.invalid_parameter("contact_ids")
    if len(ids) > MAX_BULK_IDS:
        raise errors.invalid_parameter(
            "contact_ids", f"At most {MAX_BULK_IDS} contacts can be deleted at once."
        )
    org = organization_of(request)
    if any(contact_id not in org.contacts for contact_id in ids):
        raise errors.contact_missing()
    for contact_id in ids:
        org.remove_contact(contact_id)
    return success("The contacts have been deleted.")


async def mark_active(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/active."""
    org, record = stored_contact(request)
    contacts.set_status(org, record, "active", now(request))
    return success("The contact has been marked as active.")


async def mark_inactive(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/inactive."""
    org, record = stored_contact(request)
    contacts.set_status(org, record, "inactive", now(request))
    return success("The contact has been marked as inactive.")


async def update_contact_by_unique_field(request: web.Request) -> web.Response:
    """PUT /contacts with X-Unique-Identifier-Key/-Value headers (and optional X-Upsert).

    Finds the contact whose custom field (by ``api_name``) has that value and updates it;
    with ``X-Upsert: true`` and no match, creates the contact instead (201).
    """
    key = request.headers.get("X-Unique-Identifier-Key", "").strip()
    value = request.headers.get("X-Unique-Identifier-Value", "")
    if not key:
        raise errors.invalid_parameter("X-Unique-Identifier-Key")
    if not value:
        raise errors.invalid_parameter("X-Unique-Identifier-Value")
    upsert = request.headers.get("X-Upsert", "false").strip().lower() == "true"
    org = organization_of(request)
    body = await json_object(request)
    for record in org.contacts.values():
        if _has_unique_value(record, key, value):
            updated = contacts.update_contact(org, record, body, now(request))
            return success("Contact has been updated successfully", contact=contacts.answer(updated))
    if not upsert:
        raise errors.contact_missing()
    created = contacts.new_contact(org, body, now(request))
    return success("The contact has been created", status=201, contact=contacts.answer(created))


def _has_unique_value(record: JSONObject, key: str, value: str) -> bool:
    if str(record.get(key, "")) == value and key in record:
        return True
    return any(
        isinstance(field, dict)
        and field.get("api_name") == key
        and str(field.get("value", "")) == value
        for field in record.get("custom_fields") or []
    )


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts"): create_contact,
    ("GET", "/contacts"): list_contacts,
    ("PUT", "/contacts"): update_contact_by_unique_field,
    ("DELETE", "/contacts"): delete_contacts,
    ("GET", "/contacts/{contact_id}"): get_contact,
    ("PUT", "/contacts/{contact_id}"): update_contact,
    ("DELETE", "/contacts/{contact_id}"): delete_contact,
    ("POST", "/contacts/{contact_id}/active"): mark_active,
    ("POST", "/contacts/{contact_id}/inactive"): mark_inactive,
}
"""(method, path template) -> the hook that answers it."""
