"""Contact owners: ``owner_id`` (a user id, query parameter) set on one contact or many."""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..envelope import success
from ..state import JSONObject, Organization
from .common import contacts_in_query, now, organization_of, stored_contact

ASSIGNED = "The contact owner has been assigned."


def register(router: web.UrlDispatcher, prefix: str = "") -> None:
    """Add the owner routes under ``prefix``."""
    router.add_post(f"{prefix}/contacts/{{contact_id:\\d+}}/owner", assign_owner)
    router.add_post(f"{prefix}/contacts/owner", assign_owner_to_many)


def _owner(request: web.Request) -> str:
    owner_id = request.query.get("owner_id", "")
    if not owner_id.isdigit():
        raise errors.invalid_parameter("owner_id")
    return owner_id


def _assign(org: Organization, record: JSONObject, owner_id: str, now: str) -> None:
    org.put_contact({**record, "owner_id": owner_id, "last_modified_time": now})


async def assign_owner(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/owner?owner_id=."""
    org, record = stored_contact(request)
    _assign(org, record, _owner(request), now(request))
    return success(ASSIGNED)


async def assign_owner_to_many(request: web.Request) -> web.Response:
    """POST /contacts/owner?contact_ids=...&owner_id=: all or nothing, at most 25 contacts."""
    owner_id = _owner(request)
    records = contacts_in_query(request)
    org, stamp = organization_of(request), now(request)
    for record in records:
        _assign(org, record, owner_id, stamp)
    return success(ASSIGNED)
