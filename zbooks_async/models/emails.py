"""Email content Zoho proposes before it sends a contact a statement, a review or a request.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    EmailContent,
    EmailRecipient,
    EmailSender,
)

__all__ = ["EmailContent", "EmailRecipient", "EmailSender"]
