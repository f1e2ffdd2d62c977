"""Contacts (customers and vendors), their persons and addresses.

Generated from Zoho's contacts document and codegen/overlay.yml (``classes``); this module
keeps the import path."""

from __future__ import annotations

from .._generated.models.contacts import (
    Address,
    CommunicationPreference,
    Contact,
    ContactPerson,
    CustomField,
    DefaultTemplates,
    OpeningBalance,
    TagAssignment,
)

__all__ = [
    "Address",
    "CommunicationPreference",
    "Contact",
    "ContactPerson",
    "CustomField",
    "DefaultTemplates",
    "OpeningBalance",
    "TagAssignment",
]
