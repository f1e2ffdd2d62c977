"""Organization stage: every Zoho Books call is scoped by the ``organization_id`` query parameter."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from ..errors import ConfigurationError
from .stage import Handler
from .values import Request, Response

ORGANIZATION_PARAM = "organization_id"
_ORGANIZATION_ID = re.compile(r"[0-9]{1,30}")


def check_organization_id(organization_id: str) -> str:
    """Return ``organization_id`` if it is a Zoho organization id (digits), else raise ValueError."""
    if not isinstance(organization_id, str) or not _ORGANIZATION_ID.fullmatch(organization_id):
        raise ValueError(f"organization_id must be a string of digits, got {organization_id!r}")
    return organization_id


class OrganizationStage:
    """Adds ``organization_id`` from the call's options (which already hold the session default)."""

    def __call__(self, request: Request, call_next: Handler) -> Awaitable[Response]:
        # Not a coroutine of its own: it only changes the request (see Stage).
        organization_id = request.options.organization_id
        if organization_id is None and not request.needs_organization:
            return call_next(request)  # organizations.list: how users find their organization_id
        if organization_id is None:
            raise ConfigurationError(
                "organization_id is required: pass organization_id= to ZohoBooks, "
                "use books.with_organization(...), or set ZOHO_ORGANIZATION_ID"
            )
        return call_next(request.with_query(ORGANIZATION_PARAM, organization_id))
