"""Bulk work: run many operations concurrently, with a report, progress and a resumable checkpoint."""

from .checkpoint import Checkpoint, CheckpointError
from .report import BulkReport, Outcome, ReportEntry
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
    "BulkProgress",
    "BulkReport",
    "BulkResult",
    "BulkRun",
    "Checkpoint",
    "CheckpointError",
    "ItemCancelledError",
    "Outcome",
    "ReportEntry",
    "run_bulk",
]
