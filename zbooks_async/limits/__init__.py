"""Client-side rate limiting per organization: in one process, or shared by many through Redis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Limiter, RateLimit
from .budget import Budget
from .memory import InMemoryLimiter

if TYPE_CHECKING:
    from .redis_limiter import RedisLimiter

__all__ = ["Budget", "InMemoryLimiter", "Limiter", "RateLimit", "RedisLimiter"]


def __getattr__(name: str) -> Any:
    # RedisLimiter needs the optional redis package: import it only when asked for.
    if name == "RedisLimiter":
        from .redis_limiter import RedisLimiter

        return RedisLimiter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
