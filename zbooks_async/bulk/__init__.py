"""Bulk work: run many operations concurrently, with a report, progress and a resumable checkpoint."""

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
