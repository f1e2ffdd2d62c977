"""Where access tokens come from."""

from .base import TokenSource
from .static import StaticToken

__all__ = ["StaticToken", "TokenSource"]
