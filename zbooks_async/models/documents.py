"""Files attached to a contact.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    AttachmentResult,
    ContactDocument,
)

__all__ = ["AttachmentResult", "ContactDocument"]
