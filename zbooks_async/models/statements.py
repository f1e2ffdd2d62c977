"""A contact's account statement: opening balance, transactions of the period, balance due.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    ContactStatement,
    StatementTransaction,
)

__all__ = ["ContactStatement", "StatementTransaction"]
