"""Addresses as the organization-wide address list returns them (with the contact they belong to).

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    Address,
    ContactAddress,
)

__all__ = ["Address", "ContactAddress"]
