"""1099 tracking (United States organizations): report a vendor's payments on Form 1099."""

from __future__ import annotations

from collections.abc import Sequence

from .._generated.operations import contacts as contact_operations
from ..inputs import id_batches
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions
from .base import Resource

TRACK = contact_operations.TRACKING_1099_TRACK
UNTRACK = contact_operations.TRACKING_1099_UNTRACK
TRACK_MANY = contact_operations.TRACKING_1099_TRACK_MANY


class Tracking1099(Resource):
    """``books.contacts.tracking_1099``: whether payments to a contact count for Form 1099.

    Only organizations in the United States edition have these endpoints.
    """

    async def track(self, contact_id: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Track a contact's payments for 1099 reporting. Scope: contacts.CREATE.

        ``await books.contacts.tracking_1099.track(cid)``
        """
        return await self._action(TRACK, path={"contact_id": contact_id}, options=options)

    async def untrack(self, contact_id: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Stop tracking a contact's payments for 1099 reporting. Scope: contacts.CREATE.

        ``await books.contacts.tracking_1099.untrack(cid)``
        """
        return await self._action(UNTRACK, path={"contact_id": contact_id}, options=options)

    async def track_many(
        self, contact_ids: Sequence[str], *, options: RequestOptions | None = None
    ) -> list[ActionResult]:
        """Track many contacts for 1099 reporting, 25 ids a request. Scope: contacts.CREATE.

        ``await books.contacts.tracking_1099.track_many([cid1, cid2])``
        """
        return await self._action_per_batch(
            TRACK_MANY, id_batches("contact_ids", contact_ids), options=options
        )
