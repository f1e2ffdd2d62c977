"""Helpers every API route module needs: the organization, the clock, the parent contact.

A sub-resource module (``routes/comments.py`` ...) typically reads::

    org, contact = stored_contact(request)
    items = org.related("comments", contact["contact_id"])
    ...
    org.touch()
    return success("The comment has been added.", comment=item)
"""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..pipeline import organization_id_of, sandbox_of
from ..state import JSONObject, Organization


def organization_of(request: web.Request) -> Organization:
    """The data store of the organization the request was admitted for."""
    return sandbox_of(request).state.organization(organization_id_of(request))


def now(request: web.Request) -> str:
    """The current time in Zoho's timestamp format (``2013-08-05T12:06:10+0530``)."""
    return sandbox_of(request).state.timestamp()


def stored_contact(
    request: web.Request, key: str = "contact_id"
) -> tuple[Organization, JSONObject]:
    """The organization and the contact named by the ``{contact_id}`` path segment.

    Raises 404 code 1002 when the organization has no such contact.
    """
    org = organization_of(request)
    record = org.contacts.get(request.match_info[key])
    if record is None:
        raise errors.contact_missing()
    return org, record
