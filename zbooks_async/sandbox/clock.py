"""A hand-driven clock for tests: time moves only when the test says so."""

from __future__ import annotations


class ManualClock:
    """Callable clock returning a float that changes only through ``advance``/``set``.

    Pass it as ``SandboxConfig(clock=ManualClock())`` to step over rate windows,
    token expiries and the daily budget without sleeping.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (must not be negative)."""
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        self._now += seconds

    def set(self, now: float) -> None:
        """Jump to ``now`` (must not be earlier than the current time)."""
        self.advance(now - self._now)
