"""The request pipeline: organization -> retry -> rate limit -> auth -> decode -> transport."""

from .auth import AuthStage
from .decode import DecodeStage
from .organization import OrganizationStage
from .ratelimit import RateLimitStage
from .retry import (
    DEFAULT_RETRY_HANDLERS,
    ConnectionErrorHandler,
    ExpiredTokenHandler,
    Failure,
    RateLimitHandler,
    RetryHandler,
    RetryPolicy,
    RetryStage,
    ServerErrorHandler,
)
from .stage import Handler, Stage, compose
from .values import (
    FilePart,
    FormBody,
    JsonBody,
    MultipartBody,
    Request,
    RequestOptions,
    Response,
)

__all__ = [
    "DEFAULT_RETRY_HANDLERS",
    "AuthStage",
    "ConnectionErrorHandler",
    "DecodeStage",
    "ExpiredTokenHandler",
    "Failure",
    "FilePart",
    "FormBody",
    "Handler",
    "JsonBody",
    "MultipartBody",
    "OrganizationStage",
    "RateLimitHandler",
    "RateLimitStage",
    "Request",
    "RequestOptions",
    "Response",
    "RetryHandler",
    "RetryPolicy",
    "RetryStage",
    "ServerErrorHandler",
    "Stage",
    "compose",
]
