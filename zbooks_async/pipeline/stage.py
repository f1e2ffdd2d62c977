"""How pipeline stages compose: each stage gets the request and the rest of the pipeline."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from .values import Request, Response

Handler = Callable[[Request], Awaitable[Response]]


class Stage(Protocol):
    """One step of the pipeline: look at or change the request, call the rest, look at the answer.

    Usually an ``async def __call__``; a stage that only changes the request may be a plain
    function returning ``call_next(changed)``, which keeps the await chain one frame shorter.
    """

    def __call__(self, request: Request, call_next: Handler) -> Awaitable[Response]:
        """Handle ``request``, usually by awaiting ``call_next`` with it (or a changed copy)."""
        ...


def compose(stages: Sequence[Stage], terminal: Handler) -> Handler:
    """Chain ``stages`` in order in front of ``terminal``; the first stage sees the call first."""
    handler = terminal
    for stage in reversed(stages):
        # A partial adds no Python frame: every suspension of a call resumes through each
        # frame of its await chain, so a wrapper coroutine per stage would cost on every one.
        handler = functools.partial(stage, call_next=handler)
    return handler
