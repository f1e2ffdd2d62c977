"""zbooks_async: an asyncio SDK for the Zoho Books v3 API."""

from typing import TYPE_CHECKING

from .auth import AccessToken, RefreshTokenSource, TokenSource
from .batching import BatchError
from .client import ZohoBooks
from .errors import (
    ApiError,
    AuthenticationError,
    ClientClosedError,
    ClosedDuringWrite,
    ConfigurationError,
    DailyLimitExceeded,
    DeadlineExceeded,
    MalformedResponseError,
    MissingScopeError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDenied,
    RateLimitError,
    RateLimitWaitTooLong,
    ServerError,
    TokenExpiredError,
    TokenUnavailable,
    TransportError,
    ValidationError,
    ZohoBooksError,
)
from .limits import RateLimit
from .models.base import ActionResult
from .models.common import CustomField, PageContext, TagAssignment
from .models.contacts import Address, Contact, ContactPerson
from .pagination import Page, Paginator
from .pipeline.retry import DEFAULT_RETRY_HANDLERS, Failure, RetryHandler, RetryPolicy
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
    "DEFAULT_RETRY_HANDLERS",
    "OPERATIONS",
    "AccessToken",
    "ActionResult",
    "Address",
    "ApiError",
    "AuthenticationError",
    "BatchError",
    "ClientClosedError",
    "ClosedDuringWrite",
    "ConfigurationError",
    "Contact",
    "ContactPerson",
    "CustomField",
    "DailyLimitExceeded",
    "DeadlineExceeded",
    "Failure",
    "MalformedResponseError",
    "MissingScopeError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
    "PageContext",
    "Paginator",
    "PermissionDenied",
    "RateLimit",
    "RateLimitError",
    "RateLimitWaitTooLong",
    "RefreshTokenSource",
    "RequestOptions",
    "RetryHandler",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "TagAssignment",
    "TokenExpiredError",
    "TokenSource",
    "TokenUnavailable",
    "TransportError",
    "ValidationError",
    "ZohoBooks",
    "ZohoBooksError",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]
