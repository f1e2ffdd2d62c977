"""HTTP backends behind the :class:`Transport` protocol."""

from .aiohttp_transport import AiohttpTransport
from .base import Transport
from .inprocess import InProcessTransport

__all__ = ["AiohttpTransport", "InProcessTransport", "Transport"]
