"""SMS notifications to contacts: the prefilled message and who it goes to.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    SmsContent,
    SmsRecipient,
)

__all__ = ["SmsContent", "SmsRecipient"]
