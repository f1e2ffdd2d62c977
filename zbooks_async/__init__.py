"""zbooks_async: an asyncio SDK for the Zoho Books v3 API.

Every public name is imported on first use (PEP 562), so ``import zbooks_async`` costs almost
nothing and ``from zbooks_async import ZohoBooks`` loads the client, not the models, the
converter or the resources: those load with the first call that needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._lazy import lazy_exports

if TYPE_CHECKING:
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
    from .operations import Operation
    from .pagination import Page, Paginator
    from .pipeline.retry import DEFAULT_RETRY_HANDLERS, Failure, RetryHandler, RetryPolicy
    from .pipeline.values import RequestOptions
    from .secrets import Secret
    from .serialization import from_dict, from_json, to_dict, to_json

    OPERATIONS: tuple[Operation, ...]

#: Where each public name lives: the module imported the first time the name is asked for.
_SOURCES = {
    "AccessToken": ".auth.base",
    "RefreshTokenSource": ".auth.refresh",
    "TokenSource": ".auth.base",
    "BatchError": ".batching",
    "ZohoBooks": ".client",
    **dict.fromkeys(
        [
            "ApiError",
            "AuthenticationError",
            "ClientClosedError",
            "ClosedDuringWrite",
            "ConfigurationError",
            "DailyLimitExceeded",
            "DeadlineExceeded",
            "MalformedResponseError",
            "MissingScopeError",
            "NotFoundError",
            "OutcomeUnknownError",
            "PermissionDenied",
            "RateLimitError",
            "RateLimitWaitTooLong",
            "ServerError",
            "TokenExpiredError",
            "TokenUnavailable",
            "TransportError",
            "ValidationError",
            "ZohoBooksError",
        ],
        ".errors",
    ),
    "RateLimit": ".limits.base",
    "ActionResult": ".models.base",
    "CustomField": ".models.common",
    "PageContext": ".models.common",
    "TagAssignment": ".models.common",
    "Address": ".models.contacts",
    "Contact": ".models.contacts",
    "ContactPerson": ".models.contacts",
    "Page": ".pagination",
    "Paginator": ".pagination",
    "DEFAULT_RETRY_HANDLERS": ".pipeline.retry",
    "Failure": ".pipeline.retry",
    "RetryHandler": ".pipeline.retry",
    "RetryPolicy": ".pipeline.retry",
    "RequestOptions": ".pipeline.values",
    "Secret": ".secrets",
    "from_dict": ".serialization",
    "from_json": ".serialization",
    "to_dict": ".serialization",
    "to_json": ".serialization",
}


_export, __dir__ = lazy_exports(globals(), _SOURCES)


def __getattr__(name: str) -> Any:
    if name == "OPERATIONS":
        # Built on first use from every generated module; the registry keeps it.
        from .registry import all_operations

        return all_operations()
    return _export(name)


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
