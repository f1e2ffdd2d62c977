"""The client portal: switch it on or off for a contact, and invite its persons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._generated.api.contacts import ContactsPortal
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_ids
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions

ENABLE = contact_operations.PORTAL_ENABLE


def _person_id(entry: str | int | Mapping[str, object]) -> str:
    value: object = entry
    if isinstance(entry, Mapping):
        if set(entry) != {"contact_person_id"}:
            raise TypeError(f"a contact_persons entry holds only contact_person_id, got {sorted(entry)}")
        value = entry["contact_person_id"]
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise TypeError(f"contact_person_id must be an id, got {value!r}")
    return str(value)


class Portal(ContactsPortal):
    """``books.contacts.portal``: client portal access for contacts and their persons."""

    async def enable(
        self,
        contact_id: str | int,
        *,
        contact_persons: Sequence[str | int | Mapping[str, object]] = (),
        options: RequestOptions | None = None,
    ) -> ActionResult:
        """Give these contact persons portal access. Scope: contacts.CREATE.

        Ids, or objects as Zoho's documents list them (``{"contact_person_id": ...}``):
        ``await books.contacts.portal.enable(cid, contact_persons=[person_id])``
        """
        if isinstance(contact_persons, str | bytes | Mapping):
            raise TypeError("contact_persons must be a list of ids or of {'contact_person_id': ...} objects")
        given = [_person_id(entry) for entry in contact_persons]
        ids = checked_ids("contact_persons", given)
        body = {"contact_persons": [{"contact_person_id": person_id} for person_id in ids]}
        # Not replayed after a lost answer: enabling may email the persons their invitation.
        return await self._action(ENABLE, path={"contact_id": contact_id}, json=body, options=options)
