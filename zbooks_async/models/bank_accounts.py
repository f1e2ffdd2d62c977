"""Bank accounts a contact has given for ACH or bank-transfer collection.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    BankAccount,
    BankAccountResult,
)

__all__ = ["BankAccount", "BankAccountResult"]
