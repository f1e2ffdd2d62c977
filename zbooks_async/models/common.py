"""Small models shared by many resources: pagination context, custom fields, tags."""

from __future__ import annotations

from typing import Any

import attrs

from .base import Model


@attrs.define(kw_only=True)
class PageContext(Model):
    """Where a list page sits. Zoho gives ``has_more_page``; ``total`` (records) and
    ``total_pages`` only when the list was asked with ``response_option=2`` (else None)."""

    page: int | None = None
    per_page: int | None = None
    has_more_page: bool | None = None
    total: int | None = None
    total_pages: int | None = None
    report_name: str | None = None
    applied_filter: str | None = None
    sort_column: str | None = None
    sort_order: str | None = None


@attrs.define(kw_only=True)
class CustomField(Model):
    """A custom field value on a record."""

    customfield_id: str | None = None
    index: int | None = None
    label: str | None = None
    api_name: str | None = None
    value: Any = None


@attrs.define(kw_only=True)
class TagAssignment(Model):
    """A reporting tag and the option chosen for it on a record."""

    tag_id: str | None = None
    tag_name: str | None = None
    tag_option_id: str | None = None
    tag_option_name: str | None = None
    is_tag_mandatory: bool | None = None
