"""The transport protocol: send one request, get status, headers and body bytes back."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..pipeline.values import Request, Response


@runtime_checkable
class Transport(Protocol):
    """What the pipeline needs from an HTTP backend.

    ``send`` must raise :class:`zbooks_async.errors.TransportError` for network failures,
    with ``may_have_reached_server=False`` only when the request surely never left.
    ``timeout`` is the whole attempt's budget in seconds (``None``: no limit).
    """

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        """Send ``request`` and return the raw answer (``data`` left unset)."""
        ...

    async def close(self) -> None:
        """Release what the transport owns (connections, sessions)."""
        ...
