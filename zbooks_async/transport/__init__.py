"""HTTP backends behind the :class:`Transport` protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .aiohttp_transport import AiohttpTransport
from .base import Transport

if TYPE_CHECKING:
    from .inprocess import InProcessTransport

__all__ = ["AiohttpTransport", "InProcessTransport", "Transport"]


def __getattr__(name: str) -> Any:
    # The in-process transport builds requests with aiohttp's test utilities (which import
    # unittest.mock): loaded only when someone asks for it.
    if name == "InProcessTransport":
        from .inprocess import InProcessTransport

        return InProcessTransport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
