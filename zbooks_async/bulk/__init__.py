"""Bulk work: run many operations concurrently, with a report, progress and a resumable checkpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .checkpoint import Checkpoint, CheckpointError
    from .report import BulkReport, Outcome, ReportEntry
    from .resolving import NATURAL_KEYS, NaturalKey, create_resolving
    from .runner import (
        DEFAULT_CONCURRENCY,
        HALT_ON,
        BulkProgress,
        BulkResult,
        BulkRun,
        ItemCancelledError,
        run_bulk,
    )

__all__ = [
    "DEFAULT_CONCURRENCY",
    "HALT_ON",
    "NATURAL_KEYS",
    "BulkProgress",
    "BulkReport",
    "BulkResult",
    "BulkRun",
    "Checkpoint",
    "CheckpointError",
    "ItemCancelledError",
    "NaturalKey",
    "Outcome",
    "ReportEntry",
    "create_resolving",
    "run_bulk",
]

# The runner, its report and its checkpoint load on first use: the resources need only
# ``bulk.resolving``, and importing it must not bring in the rest.
__getattr__, __dir__ = lazy_exports(
    globals(),
    {
        "Checkpoint": ".checkpoint",
        "CheckpointError": ".checkpoint",
        "BulkReport": ".report",
        "Outcome": ".report",
        "ReportEntry": ".report",
        "NATURAL_KEYS": ".resolving",
        "NaturalKey": ".resolving",
        "create_resolving": ".resolving",
        "DEFAULT_CONCURRENCY": ".runner",
        "HALT_ON": ".runner",
        "BulkProgress": ".runner",
        "BulkResult": ".runner",
        "BulkRun": ".runner",
        "ItemCancelledError": ".runner",
        "run_bulk": ".runner",
    },
)
