"""Durations as messages show them: ``2.0 s``, never ``1.9998701460000348 s``."""

from __future__ import annotations


def seconds_text(seconds: float | None) -> str:
    """``seconds`` rounded for a reader: one decimal (``2.0 s``), two significant digits below
    a tenth of a second (``0.05 s``), so a short time does not read as ``0.0 s``. ``None`` (no
    limit was set) reads ``no set time``."""
    if seconds is None:
        return "no set time"
    if 0 < abs(seconds) < 0.1:
        return f"{seconds:.2g} s"
    return f"{seconds:.1f} s"
