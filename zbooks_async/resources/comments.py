"""Contact comments: notes added to a contact, listed with its recorded activity."""

from __future__ import annotations

from .._generated.api.contacts import ContactsComments
from .._generated.operations import contacts as contact_operations
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions

ADD = contact_operations.COMMENTS_ADD


class Comments(ContactsComments):
    """``books.contacts.comments``: comments on a contact. Scopes ``ZohoBooks.contacts.*``."""

    async def add(  # type: ignore[override]
        self, contact_id: str, description: str, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Add a comment to a contact. Scope: contacts.CREATE.

        ``await books.contacts.comments.add(contact_id, "Prefers email over phone")``
        """
        if not isinstance(description, str) or not description.strip():
            raise ValueError("description must be a non-empty string")
        return await self._action(
            ADD, path={"contact_id": contact_id}, json={"description": description}, options=options
        )
