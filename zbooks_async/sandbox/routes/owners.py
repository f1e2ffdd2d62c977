"""Contact owners: ``owner_id`` (a user id, query parameter) set on one contact or many."""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..envelope import success
from ..state import JSONObject, Organization
from .common import Serve, contacts_in_query, now, organization_of, stored_contact

ASSIGNED = "The contact owner has been assigned."


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


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/owner"): assign_owner,
    ("POST", "/contacts/owner"): assign_owner_to_many,
}
"""(method, path template) -> the hook that answers it."""
