"""The request pipeline: auth -> organization -> retry -> rate limit -> decode -> transport."""

from .auth import AuthStage
from .decode import DecodeStage
from .organization import OrganizationStage
from .ratelimit import RateLimitStage
from .retry import RetryPolicy, RetryStage
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
    "AuthStage",
    "DecodeStage",
    "FilePart",
    "FormBody",
    "Handler",
    "JsonBody",
    "MultipartBody",
    "OrganizationStage",
    "RateLimitStage",
    "Request",
    "RequestOptions",
    "Response",
    "RetryPolicy",
    "RetryStage",
    "Stage",
    "compose",
]
