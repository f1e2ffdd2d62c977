"""Small models shared by many resources: pagination context, custom fields, tags.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    CustomField,
    PageContext,
    TagAssignment,
)

__all__ = ["CustomField", "PageContext", "TagAssignment"]
