"""Client-side rate limiting per organization."""

from .base import Limiter, RateLimit
from .memory import InMemoryLimiter

__all__ = ["InMemoryLimiter", "Limiter", "RateLimit"]
