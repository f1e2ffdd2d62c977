"""Credit and debit cards saved on a contact for automatic payment collection.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    AutoBilledRecurringInvoice,
    Card,
    CardResult,
)

__all__ = ["AutoBilledRecurringInvoice", "Card", "CardResult"]
