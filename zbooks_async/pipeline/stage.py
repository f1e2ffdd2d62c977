"""How pipeline stages compose: each stage gets the request and the rest of the pipeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from .values import Request, Response

Handler = Callable[[Request], Awaitable[Response]]


class Stage(Protocol):
    """One step of the pipeline: look at or change the request, call the rest, look at the answer."""

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        """Handle ``request``, usually by awaiting ``call_next`` with it (or a changed copy)."""
        ...


def compose(stages: Sequence[Stage], terminal: Handler) -> Handler:
    """Chain ``stages`` in order in front of ``terminal``; the first stage sees the call first."""
    handler = terminal
    for stage in reversed(stages):
        handler = _bind(stage, handler)
    return handler


def _bind(stage: Stage, call_next: Handler) -> Handler:
    async def handle(request: Request) -> Response:
        return await stage(request, call_next)

    return handle
