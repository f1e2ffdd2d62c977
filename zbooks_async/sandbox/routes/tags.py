"""Contact tag routes: the reporting tags (tag and chosen option) on a contact's ``tags``."""

from __future__ import annotations

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject
from .common import Serve, now, stored_contact


def _tag(entry: object) -> JSONObject:
    if not isinstance(entry, dict):
        raise errors.invalid_field("tags")
    for key in ("tag_id", "tag_option_id"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.isdigit():
            raise errors.invalid_field(key)
    return dict(entry)


async def update_tags(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/tags: ``tags`` replaces the contact's reporting tags."""
    org, contact = stored_contact(request)
    tags = contacts.normalise(await json_object(request)).get("tags")
    if not isinstance(tags, list):
        raise errors.invalid_field("tags")
    chosen = [_tag(entry) for entry in tags]
    if len({tag["tag_id"] for tag in chosen}) != len(chosen):
        raise errors.invalid_field("tag_id")  # one option per tag
    org.put_contact({**contact, "tags": chosen, "last_modified_time": now(request)})
    return success("The tags have been updated.")


async def delete_tag(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/tags/{tag_id}: take one reporting tag off the contact."""
    org, contact = stored_contact(request)
    tag_id = request.match_info["tag_id"]
    current = contact.get("tags") or []
    kept = [tag for tag in current if tag.get("tag_id") != tag_id]
    if len(kept) == len(current):
        raise errors.record_missing("Tag")
    org.put_contact({**contact, "tags": kept, "last_modified_time": now(request)})
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("PUT", "/contacts/{contact_id}/tags"): update_tags,
    ("DELETE", "/contacts/{contact_id}/tags/{tag_id}"): delete_tag,
}
"""(method, path template) -> the hook that answers it."""
