"""zbooks_async: an asyncio SDK for the Zoho Books v3 API."""

from typing import TYPE_CHECKING

from .auth import AccessToken, RefreshTokenSource, TokenSource
from .client import ZohoBooks
from .errors import (
    ApiError,
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    DailyLimitExceeded,
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDenied,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationError,
    ZohoBooksError,
)
from .limits import RateLimit
from .models.base import ActionResult
from .models.common import CustomField, PageContext, TagAssignment
from .models.contacts import Address, Contact, ContactPerson
from .pagination import Page, Paginator
from .pipeline.retry import RetryPolicy
from .pipeline.values import RequestOptions
from .secrets import Secret
from .serialization import from_dict, from_json, to_dict, to_json

if TYPE_CHECKING:
    from .operations import Operation

    OPERATIONS: tuple[Operation, ...]


def __getattr__(name: str) -> object:
    # OPERATIONS is built on first use, so importing the package stays cheap.
    if name == "OPERATIONS":
        from .registry import all_operations

        return all_operations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "OPERATIONS",
    "AccessToken",
    "ActionResult",
    "Address",
    "ApiError",
    "AuthenticationError",
    "ClientClosedError",
    "ConfigurationError",
    "Contact",
    "ContactPerson",
    "CustomField",
    "DailyLimitExceeded",
    "MalformedResponseError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
    "PageContext",
    "Paginator",
    "PermissionDenied",
    "RateLimit",
    "RateLimitError",
    "RefreshTokenSource",
    "RequestOptions",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "TagAssignment",
    "TokenSource",
    "TransportError",
    "ValidationError",
    "ZohoBooks",
    "ZohoBooksError",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]
