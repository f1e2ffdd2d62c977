"""A stand-in for the sandbox's fault injector, shared by the bulk and CLI tests."""

from __future__ import annotations


class ScriptedFaults:
    """Stands in for the sandbox's fault injector: the listed faults, in order, then none."""

    def __init__(self, *kinds: str | None) -> None:
        self.kinds = list(kinds)

    def draw(self) -> str | None:
        return self.kinds.pop(0) if self.kinds else None

    def throttle_headers(self) -> dict[str, str]:
        return {}
