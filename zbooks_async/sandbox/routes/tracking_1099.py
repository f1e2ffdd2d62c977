"""1099 tracking: sets a vendor's ``track_1099``. Customers answer 400 code 4 (1099 reporting
covers payments to vendors)."""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..envelope import success
from ..state import JSONObject, Organization
from .common import Serve, contacts_in_query, now, organization_of, stored_contact


def _check_vendor(record: JSONObject) -> None:
    if record.get("contact_type") != "vendor":
        raise errors.invalid_field(f"contact_type: {record['contact_name']} is not a vendor")


def _set(org: Organization, record: JSONObject, tracked: bool, now: str) -> None:
    org.put_contact({**record, "track_1099": tracked, "last_modified_time": now})


async def track(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/track1099."""
    org, record = stored_contact(request)
    _check_vendor(record)
    _set(org, record, True, now(request))
    return success("1099 tracking is enabled.")


async def untrack(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/untrack1099."""
    org, record = stored_contact(request)
    _check_vendor(record)
    _set(org, record, False, now(request))
    return success("1099 tracking is disabled.")


async def track_many(request: web.Request) -> web.Response:
    """POST /contacts/track1099?contact_ids=...: all or nothing, at most 25 vendors."""
    records = contacts_in_query(request)
    for record in records:
        _check_vendor(record)
    org, stamp = organization_of(request), now(request)
    for record in records:
        _set(org, record, True, stamp)
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/track1099"): track,
    ("POST", "/contacts/{contact_id}/untrack1099"): untrack,
    ("POST", "/contacts/track1099"): track_many,
}
"""(method, path template) -> the hook that answers it."""
