"""Comments and activity entries recorded on a contact."""

from __future__ import annotations

from datetime import date

import attrs

from .base import Model


@attrs.define(kw_only=True)
class ContactComment(Model):
    """One entry of a contact's history: a comment someone added, or a recorded activity.

    ``time`` is Zoho's display text (``"6:03 PM"``), kept as it comes.
    """

    comment_id: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    description: str | None = None
    commented_by_id: str | None = None
    commented_by: str | None = None
    date: date | None = None
    date_description: str | None = None
    time: str | None = None
    transaction_id: str | None = None
    transaction_type: str | None = None
    is_entity_deleted: bool | None = None
    operation_type: str | None = None
