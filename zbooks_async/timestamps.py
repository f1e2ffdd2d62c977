"""Zoho's timestamps (``2013-08-05T12:06:10+0530``) read as aware datetimes and written back."""

from __future__ import annotations

from datetime import datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def parse_timestamp(value: str) -> datetime:
    """Read a Zoho timestamp (``2013-08-05T12:06:10+0530`` or ISO 8601) as an aware datetime."""
    try:
        parsed = datetime.fromisoformat(value)  # Python 3.11 reads Zoho's "+0530" too
    except ValueError:
        parsed = datetime.strptime(value, TIMESTAMP_FORMAT)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp {value!r} has no UTC offset")
    return parsed


def format_timestamp(value: datetime) -> str:
    """Write an aware datetime the way Zoho does: ``2013-08-05T12:06:10+0530``.

    Zoho keeps whole seconds, so a fraction of a second is dropped.
    """
    if value.tzinfo is None:
        raise ValueError(f"timestamp {value!r} must be timezone-aware")
    # strftime's %Y does not zero-pad years before 1000, which would not read back.
    return f"{value.year:04d}" + value.strftime(TIMESTAMP_FORMAT.removeprefix("%Y"))
