"""Counters the sandbox keeps about the traffic it served, for tests and benchmarks."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs


@attrs.define
class RecordedRequest:
    """One API request as the sandbox received it (kept when ``record_requests`` is on).

    ``fault`` names the fault injected into it, if any (set once the fault is drawn).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    organization_id: str | None
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this request."""
        return attrs.asdict(self)


@attrs.define
class SandboxStats:
    """Mutable counters; one instance per app, replaced by ``reset``.

    ``total_requests`` and ``responses_by_status`` cover ``/books/v3`` API requests only;
    ``token_mints`` counts access tokens issued by the fake accounts server.
    """

    total_requests: int = 0
    responses_by_status: Counter[int] = attrs.field(factory=Counter)
    throttled_by_code: Counter[int] = attrs.field(factory=Counter)
    max_in_flight: dict[str, int] = attrs.field(factory=dict)
    token_mints: int = 0
    faults_injected: Counter[str] = attrs.field(factory=Counter)
    requests: list[RecordedRequest] = attrs.field(factory=list)

    def clear(self) -> None:
        """Zero every counter in place (references to this object stay valid)."""
        fresh = SandboxStats()
        for field in attrs.fields(SandboxStats):
            setattr(self, field.name, getattr(fresh, field.name))

    def note_in_flight(self, organization_id: str, in_flight: int) -> None:
        """Remember the highest concurrency seen for an organization."""
        if in_flight > self.max_in_flight.get(organization_id, 0):
            self.max_in_flight[organization_id] = in_flight

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (status and code keys become strings)."""
        return {
            "total_requests": self.total_requests,
            "responses_by_status": {str(k): v for k, v in sorted(self.responses_by_status.items())},
            "throttled_by_code": {str(k): v for k, v in sorted(self.throttled_by_code.items())},
            "max_in_flight": dict(self.max_in_flight),
            "token_mints": self.token_mints,
            "faults_injected": dict(self.faults_injected),
            "requests": [r.to_json() for r in self.requests],
        }
