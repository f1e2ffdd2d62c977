"""1099 tracking (United States organizations): report a vendor's payments on Form 1099."""

from __future__ import annotations

from collections.abc import Sequence

from .._generated.api.contacts import ContactsTracking1099
from .._generated.operations import contacts as contact_operations
from ..batching import in_batches
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions

TRACK_MANY = contact_operations.TRACKING_1099_TRACK_MANY


class Tracking1099(ContactsTracking1099):
    """``books.contacts.tracking_1099``: whether payments to a contact count for Form 1099.

    Only organizations in the United States edition have these endpoints.
    """

    async def track_many(  # type: ignore[override]
        self, contact_ids: Sequence[str], *, options: RequestOptions | None = None
    ) -> list[ActionResult]:
        """Track many contacts for 1099 reporting, 25 ids a request. Scope: contacts.CREATE.

        ``await books.contacts.tracking_1099.track_many([cid1, cid2])``
        """
        return await in_batches(
            lambda **ids: self._action(TRACK_MANY, query=ids, options=options),
            contact_ids,
            param="contact_ids",
        )
