"""Contact tags: the reporting tags set on a contact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from .._generated.api.contacts import ContactsTags
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_fields
from ..models.base import ActionResult
from ..models.common import TagAssignment
from ..pipeline.values import RequestOptions

UPDATE = contact_operations.TAGS_UPDATE


class TagsFields(TypedDict):
    """The body of a tags update: the ``tags`` list a contact carries."""

    tags: Sequence[TagAssignment]


class Tags(ContactsTags):
    """``books.contacts.tags``: reporting tags on a contact. Scopes ``ZohoBooks.contacts.*``."""

    async def update(  # type: ignore[override]
        self,
        contact_id: str,
        tags: Sequence[TagAssignment],
        *,
        options: RequestOptions | None = None,
    ) -> ActionResult:
        """Set the reporting tags of a contact (tag and chosen option). Scope: contacts.UPDATE.

        ``await books.contacts.tags.update(contact_id, [TagAssignment(tag_id=t, tag_option_id=o)])``
        """
        return await self._action(
            UPDATE,
            path={"contact_id": contact_id},
            json=checked_fields(TagsFields, {"tags": tags}),
            options=options,
        )
