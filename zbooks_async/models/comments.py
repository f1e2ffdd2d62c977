"""Comments and activity entries recorded on a contact.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    ContactComment,
)

__all__ = ["ContactComment"]
