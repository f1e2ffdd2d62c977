"""A progress bar for the CLI: rich when installed (the ``cli`` extra), plain lines otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class Progress:
    """``with Progress("create", total=120) as bar: bar.advance()``; ``total=None`` just counts."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._rich: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        try:
            import rich.progress
        except ImportError:
            return self
        self._rich = rich.progress.Progress(
            rich.progress.TextColumn("{task.description:>8}"),
            rich.progress.BarColumn(),
            rich.progress.MofNCompleteColumn(),
            rich.progress.TimeElapsedColumn(),
            transient=False,
        )
        self._rich.start()
        self._task = self._rich.add_task(self.label, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more items done."""
        self.done += count
        if self._rich is not None:
            self._rich.advance(self._task, count)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.stop()
        else:
            of_total = f"/{self.total}" if self.total is not None else ""
            print(f"{self.label:>8}: {self.done}{of_total}", file=sys.stderr)
