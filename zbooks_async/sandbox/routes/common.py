"""Helpers every API route module needs: the organization, the clock, the parent contact, and
what else a request names (a contact person, a sub-resource item, a list of contact ids, a page).

A sub-resource module (``routes/comments.py`` ...) typically reads::

    org, contact = stored_contact(request)
    items = org.related("comments", contact["contact_id"])
    ...
    org.touch()
    return success("The comment has been added.", comment=item)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from typing import TypeVar

from aiohttp import web

from .. import errors
from ..contact_listing import response_option
from ..pipeline import organization_id_of, sandbox_of
from ..state import JSONObject, Organization

# Zoho documents no cap for comma-separated contact_ids; the SDK sends at most 25 a request and
# the sandbox holds bulk routes to that, so a client that forgets to split is caught.
MAX_IDS_PER_REQUEST = 25
MAX_PER_PAGE = 200
Serve = Callable[[web.Request], Awaitable[web.StreamResponse]]
"""A hook that answers one operation by itself (path parameters in ``request.match_info``)."""


def organization_of(request: web.Request) -> Organization:
    """The data store of the organization the request was admitted for."""
    return sandbox_of(request).state.organization(organization_id_of(request))


def now(request: web.Request) -> str:
    """The current time in Zoho's timestamp format (``2013-08-05T12:06:10+0530``)."""
    return sandbox_of(request).state.timestamp()


def stored_contact(request: web.Request, key: str = "contact_id") -> tuple[Organization, JSONObject]:
    """The organization and the contact named by the ``{contact_id}`` path segment.

    Raises 404 code 1002 when the organization has no such contact.
    """
    org = organization_of(request)
    record = org.contacts.get(request.match_info[key])
    if record is None:
        raise errors.contact_missing()
    return org, record


def contacts_in_query(request: web.Request, name: str = "contact_ids") -> list[JSONObject]:
    """The stored contacts listed comma-separated in query ``name``: all exist, or 404 code 1002.

    Empty, malformed or over-long lists answer 400 code 2.
    """
    raw = request.query.get(name, "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids or not all(part.isdigit() for part in ids):
        raise errors.invalid_parameter(name)
    if len(ids) > MAX_IDS_PER_REQUEST:
        raise errors.invalid_parameter(name, f"At most {MAX_IDS_PER_REQUEST} ids are allowed.")
    org = organization_of(request)
    missing = [contact_id for contact_id in ids if contact_id not in org.contacts]
    if missing:
        raise errors.contact_missing()
    return [org.contacts[contact_id] for contact_id in dict.fromkeys(ids)]


def stored_person(org: Organization, contact_person_id: str) -> tuple[JSONObject, JSONObject]:
    """The contact and the contact person (both stored, mutable) with this id (404 code 1002)."""
    for record in org.contacts.values():
        for candidate in record.get("contact_persons") or []:
            if candidate.get("contact_person_id") == contact_person_id:
                return record, candidate
    raise errors.record_missing("Contact person")


def stored_item(org: Organization, kind: str, contact_id: str, item_id: str, label: str) -> JSONObject:
    """The stored item ``item_id`` of sub-resource ``kind`` of a contact (404 code 1002)."""
    found = org.related(kind, contact_id).get(item_id)
    if found is None:
        raise errors.record_missing(label)
    return found


def every_item(org: Organization, kind: str) -> Iterator[JSONObject]:
    """Every item of sub-resource ``kind`` across the organization's contacts, oldest contact first."""
    for contact_id in org.contacts:
        yield from org.related(kind, contact_id).values()


T = TypeVar("T")


def requested_page(query: Mapping[str, str], items: Sequence[T]) -> tuple[list[T], JSONObject]:
    """The items on the page a list query asks for, and the start of its ``page_context``.

    ``page`` (from 1) and ``per_page`` (1 to 200, default 200) outside their range are Zoho's
    invalid-parameter error.
    """
    page = _bounded(query, "page", 1, 10**9)
    per_page = _bounded(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE)
    start = (page - 1) * per_page
    context: JSONObject = {"page": page, "per_page": per_page, "has_more_page": start + per_page < len(items)}
    return list(items[start : start + per_page]), context


def _bounded(query: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = query.get(name) or str(default)
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise errors.invalid_parameter(name, f"It must be between 1 and {maximum}.")
    return int(raw)


def page_of(request: web.Request, items: Sequence[JSONObject], report_name: str) -> JSONObject:
    """One page of ``items`` (query ``page``/``per_page``) and its ``page_context``.

    ``response_option=2`` adds ``total`` and ``total_pages``, as on Zoho.
    """
    number = _whole(request, "page", 1)
    per_page = min(_whole(request, "per_page", MAX_PER_PAGE), MAX_PER_PAGE)
    start = (number - 1) * per_page
    context: JSONObject = {
        "page": number,
        "per_page": per_page,
        "has_more_page": start + per_page < len(items),
        "report_name": report_name,
    }
    if response_option(request.query) == 2:
        context["total"] = len(items)
        context["total_pages"] = -(-len(items) // per_page)
    return {"items": list(items[start : start + per_page]), "page_context": context}


def _whole(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise errors.invalid_parameter(name, "It must be a whole number of 1 or more.")
    return int(raw)
