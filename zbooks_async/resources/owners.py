"""Contact owners: the user a contact belongs to, for one contact or many."""

from __future__ import annotations

from collections.abc import Sequence

from .._generated.api.contacts import ContactsOwners
from .._generated.operations import contacts as contact_operations
from ..batching import in_batches
from ..models.base import ActionResult
from ..operations import check_id
from ..pipeline.values import RequestOptions

ASSIGN_MANY = contact_operations.OWNERS_ASSIGN_MANY


class Owners(ContactsOwners):
    """``books.contacts.owners``: which user owns a contact."""

    async def assign_many(  # type: ignore[override]
        self,
        contact_ids: Sequence[str],
        *,
        owner_id: str,
        options: RequestOptions | None = None,
    ) -> list[ActionResult]:
        """Make ``owner_id`` the owner of many contacts, 25 ids a request. Scope: contacts.CREATE.

        ``await books.contacts.owners.assign_many([cid1, cid2], owner_id="460000000031043")``
        """
        owner = check_id("owner_id", owner_id)
        return await in_batches(
            lambda **ids: self._action(ASSIGN_MANY, query={"owner_id": owner, **ids}, options=options),
            contact_ids,
            param="contact_ids",
        )
