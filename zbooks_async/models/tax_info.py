"""Tax registrations of a contact (a contact may hold several, e.g. one GSTIN per state).

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    ContactTaxInfo,
)

__all__ = ["ContactTaxInfo"]
