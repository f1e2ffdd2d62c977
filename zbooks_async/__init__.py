"""zbooks_async: an asyncio SDK for the Zoho Books v3 API."""

from .auth import AccessToken, RefreshTokenSource
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
from .models.common import CustomField, PageContext
from .models.contacts import Address, Contact, ContactPerson
from .pagination import Page, Paginator
from .pipeline.retry import DEFAULT_RETRY_HANDLERS, Failure, RetryHandler, RetryPolicy
from .pipeline.values import RequestOptions
from .registry import OPERATIONS
from .secrets import Secret

__all__ = [
    "DEFAULT_RETRY_HANDLERS",
    "OPERATIONS",
    "AccessToken",
    "ActionResult",
    "Address",
    "ApiError",
    "AuthenticationError",
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
    "TokenExpiredError",
    "TokenUnavailable",
    "TransportError",
    "ValidationError",
    "ZohoBooks",
    "ZohoBooksError",
]
