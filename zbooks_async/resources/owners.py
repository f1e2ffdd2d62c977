"""Contact owners: the user a contact belongs to, for one contact or many."""

from __future__ import annotations

from collections.abc import Sequence

from .._generated.operations import contacts as contact_operations
from ..inputs import id_batches
from ..models.base import ActionResult
from ..operations import check_id
from ..pipeline.values import RequestOptions
from .base import Resource

ASSIGN = contact_operations.OWNERS_ASSIGN
ASSIGN_MANY = contact_operations.OWNERS_ASSIGN_MANY


class Owners(Resource):
    """``books.contacts.owners``: which user owns a contact."""

    async def assign(
        self, contact_id: str, *, owner_id: str, options: RequestOptions | None = None
    ) -> ActionResult:
        """Make the user ``owner_id`` the owner of a contact. Scope: contacts.CREATE.

        ``await books.contacts.owners.assign(cid, owner_id="460000000031043")``
        """
        return await self._action(
            ASSIGN,
            path={"contact_id": contact_id},
            query={"owner_id": check_id("owner_id", owner_id)},
            options=options,
        )

    async def assign_many(
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
        return await self._action_per_batch(
            ASSIGN_MANY,
            id_batches("contact_ids", contact_ids),
            query={"owner_id": owner},
            options=options,
        )
