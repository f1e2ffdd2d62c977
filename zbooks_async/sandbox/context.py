"""Per-request facts shared between pipeline stages and handlers.

Kept in a ContextVar rather than on the request: aiohttp runs each request in its own
task, and string request keys warn on aiohttp 3.14 while ``RequestKey`` is missing
before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

from .stats import RecordedRequest


@attrs.define
class RequestContext:
    """What the pipeline learnt about the API request being handled."""

    organization_id: str = ""
    fault: str | None = None
    dropped: bool = False
    record: RecordedRequest | None = None


_CURRENT: ContextVar[RequestContext] = ContextVar("zbooks_sandbox_request")


def current() -> RequestContext:
    """The context of the API request being handled (raises LookupError outside one)."""
    return _CURRENT.get()


@contextmanager
def request_context() -> Iterator[RequestContext]:
    """Open a fresh context for one request and restore the previous one afterwards."""
    context = RequestContext()
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)
