"""Contact comment routes: comments kept per contact, listed newest first."""

from __future__ import annotations

import time

from aiohttp import web

from .. import errors
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject
from .common import Serve, now, page_of, stored_contact

KIND = "comments"
COMMENTER_ID = "460000000024003"
COMMENTER = "Sandbox User"
MAX_LENGTH = 2000


def _clock_text(timestamp: str) -> str:
    """``2013-11-19T18:03:10+0530`` -> ``6:03 PM``, the way Zoho shows a comment's time."""
    parsed = time.strptime(timestamp[11:16], "%H:%M")
    return f"{(parsed.tm_hour % 12) or 12}:{parsed.tm_min:02d} {'PM' if parsed.tm_hour >= 12 else 'AM'}"


async def add_comment(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/comments: ``description`` is required."""
    org, contact = stored_contact(request)
    description = (await json_object(request)).get("description")
    if not isinstance(description, str) or not description.strip() or len(description) > MAX_LENGTH:
        raise errors.invalid_field("description")
    stamp = now(request)
    comment: JSONObject = {
        "comment_id": org.new_id(),
        "contact_id": contact["contact_id"],
        "contact_name": contact["contact_name"],
        "description": description,
        "commented_by_id": COMMENTER_ID,
        "commented_by": COMMENTER,
        "date": stamp[:10],
        "date_description": "few seconds ago",
        "time": _clock_text(stamp),
        "transaction_id": "",
        "transaction_type": "",
        "is_entity_deleted": False,
        "operation_type": "added",
    }
    org.related(KIND, contact["contact_id"])[comment["comment_id"]] = comment
    org.touch()
    return success("The comment has been added.")


async def list_comments(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/comments: newest first, paged."""
    org, contact = stored_contact(request)
    newest_first = list(reversed(org.related(KIND, contact["contact_id"]).values()))
    page = page_of(request, newest_first, "Comments")
    return success(contact_comments=page["items"], page_context=page["page_context"])


async def delete_comment(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/comments/{comment_id}."""
    org, contact = stored_contact(request)
    if org.related(KIND, contact["contact_id"]).pop(request.match_info["comment_id"], None) is None:
        raise errors.record_missing("Comment")
    org.touch()
    return success()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/comments"): add_comment,
    ("GET", "/contacts/{contact_id}/comments"): list_comments,
    ("DELETE", "/contacts/{contact_id}/comments/{comment_id}"): delete_comment,
}
"""(method, path template) -> the hook that answers it."""
