"""``ZohoBooks``: the session manager that owns the transport, the pipeline and the resources."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

import aiohttp

from .auth.base import TokenProvider, TokenSource
from .auth.factory import build_token_source
from .auth.store import TokenStore
from .datacenters import data_center as lookup_data_center
from .errors import ClientClosedError, ConfigurationError, ZohoBooksError
from .limits.base import Limiter, RateLimit
from .limits.connection import RedisConnection
from .limits.factory import build_limiter
from .operations import Operation
from .pipeline.auth import AuthStage, TokenDestination
from .pipeline.decode import DecodeStage
from .pipeline.organization import OrganizationStage, check_organization_id
from .pipeline.ratelimit import RateLimitStage
from .pipeline.retry import RetryPolicy, RetryStage
from .pipeline.stage import Handler, Stage, compose
from .pipeline.values import NO_OPTIONS, Body, Request, RequestOptions, Response
from .resources.base import PathParams, QueryValue
from .resources.contacts import Contacts
from .secrets import Secret
from .transport.aiohttp_transport import DEFAULT_MAX_ANSWER_BYTES, AiohttpTransport
from .transport.base import Transport

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger("zbooks_async")
DEFAULT_TIMEOUT = 30.0


class _Core:
    """What every view of one session shares: transport, limiter, token source, pipeline."""

    def __init__(
        self,
        *,
        transport: Transport,
        tokens: TokenSource,
        limiter: Limiter | None,
        retry: RetryPolicy,
        base_url: str,
        explicit_base_url: bool,
    ) -> None:
        self.transport = transport
        self.tokens = tokens
        self.limiter = limiter
        self.base_url = base_url
        self.closed = False
        # Tasks running a call now, and those close() cancelled (their CancelledError becomes
        # ClientClosedError; any other cancellation passes through untouched).
        self.calls: set[asyncio.Task[object]] = set()
        self.cancelled_by_close: set[asyncio.Task[object]] = set()
        destination = TokenDestination.of(base_url, explicit=explicit_base_url)
        stages: list[Stage] = [
            AuthStage(tokens, destination),
            OrganizationStage(),
            RetryStage(retry),
        ]
        if limiter is not None:
            stages.append(RateLimitStage(limiter))
        stages.append(DecodeStage())
        self.handler: Handler = compose(stages, self._deliver)

    def closed_error(self, task: asyncio.Task[object], request: Request) -> ClientClosedError | None:
        """For a cancelled ``task``: the error to raise if close() alone cancelled it."""
        if self.take_back_cancellation(task) == 0:  # nobody else cancelled this task too
            return ClientClosedError(
                "the ZohoBooks session was closed while this call was waiting or in "
                "flight; a write may or may not have been applied",
                method=request.method,
                path=request.path,
            )
        return None

    def take_back_cancellation(self, task: asyncio.Task[object]) -> int | None:
        """Undo close()'s cancellation of ``task``, if it made one: the cancellations left, else None."""
        if task not in self.cancelled_by_close:
            return None
        self.cancelled_by_close.discard(task)
        return task.uncancel()

    async def _deliver(self, request: Request) -> Response:
        if self.closed:
            raise ClientClosedError(
                "the ZohoBooks session is closed", method=request.method, path=request.path
            )
        # Timed only when the line will be logged: this runs on every attempt.
        started = time.perf_counter() if logger.isEnabledFor(logging.DEBUG) else None
        try:
            response = await self.transport.send(request, timeout=request.options.timeout)
        except ZohoBooksError as exc:
            if self.closed:
                raise ClientClosedError(
                    "the ZohoBooks session was closed while this call was in flight",
                    method=request.method,
                    path=request.path,
                ) from exc
            raise
        if started is not None:
            logger.debug(
                "%s %s -> %d in %.1f ms",
                request.method,
                request.path,
                response.status,
                (time.perf_counter() - started) * 1000,
            )
        return response

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        current = asyncio.current_task()
        for task in self.calls:
            if task is not current:
                self.cancelled_by_close.add(task)
                task.cancel()
        await self.transport.close()
        await self.tokens.close()
        if self.limiter is not None:
            await self.limiter.close()


class ZohoBooks:
    """An async Zoho Books client. Use ``async with ZohoBooks(...) as books:`` or ``await books.close()``.

    One instance can be shared by thousands of concurrent tasks. Resources hang off it:
    ``books.contacts``. ``books.with_organization(org_id)`` gives a view on another organization
    that shares this session.

    Keywords: ``organization_id``; credentials: OAuth refresh with ``client_id``,
    ``client_secret`` and ``refresh_token`` (tokens minted at the data center's accounts
    server, or at ``accounts_url``, kept in ``token_store``), or a fixed ``access_token``, or a
    ``token_source`` (a ``TokenSource`` or an async function returning a token);
    ``data_center`` (com, eu, in, com.au, jp, ca, com.cn, sa) or an explicit ``base_url``;
    ``timeout`` per attempt in seconds; ``transport`` (default: aiohttp, optionally over a
    ``session`` you own); ``rate_limit`` (``RateLimit()`` by default, ``None`` for none) or a
    ready ``limiter``; ``redis_url`` or a ``redis`` client (``redis.asyncio``) to share the rate
    limits and the OAuth token with every process on that Redis; ``retry`` (a ``RetryPolicy``);
    ``max_answer_bytes``, the most an answer read into memory may hold (64 MiB; ``None``: no
    cap; streamed downloads are not capped), for the transport built here.
    """

    def __init__(
        self,
        *,
        organization_id: str | None = None,
        client_id: str | None = None,
        client_secret: str | Secret | None = None,
        refresh_token: str | Secret | None = None,
        accounts_url: str | None = None,
        token_store: TokenStore | None = None,
        access_token: str | None = None,
        token_source: TokenSource | TokenProvider | None = None,
        data_center: str = "com",
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        transport: Transport | None = None,
        session: aiohttp.ClientSession | None = None,
        rate_limit: RateLimit | None = RateLimit(),
        limiter: Limiter | None = None,
        redis_url: str | None = None,
        redis: Redis | None = None,
        retry: RetryPolicy = RetryPolicy(),
        max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        if organization_id is not None:
            check_organization_id(organization_id)
        dc = lookup_data_center(data_center)
        if transport is not None and session is not None:
            raise ConfigurationError("pass either transport= or session=, not both")
        if redis_url is not None and redis is not None:
            raise ConfigurationError("pass either redis_url= or redis=, not both")
        shared = RedisConnection.open(redis_url) if redis_url is not None else None
        shared = shared or (RedisConnection.of(redis) if redis is not None else None)
        transport = transport or AiohttpTransport(session, max_answer_bytes=max_answer_bytes)
        tokens = build_token_source(
            access_token=access_token,
            token_source=token_source,
            client_id=client_id,
            client_secret=client_secret,
            refresh_token=refresh_token,
            accounts_url=accounts_url,
            token_store=token_store,
            data_center=dc,
            base_url=base_url,
            redis=shared,
            transport=transport,
        )
        self._core = _Core(
            transport=transport,
            tokens=tokens,
            limiter=build_limiter(rate_limit, limiter, shared),
            retry=retry,
            base_url=(base_url or dc.api_base_url).rstrip("/"),
            explicit_base_url=base_url is not None,
        )
        self._defaults = RequestOptions(timeout=timeout, organization_id=organization_id)
        self._attach_resources()

    def _attach_resources(self) -> None:
        self.contacts = Contacts(self)

    @classmethod
    def _view(cls, core: _Core, defaults: RequestOptions) -> ZohoBooks:
        view = cls.__new__(cls)
        view._core = core
        view._defaults = defaults
        view._attach_resources()
        return view

    @property
    def organization_id(self) -> str | None:
        """The organization calls are scoped to unless a call says otherwise."""
        return self._defaults.organization_id

    @property
    def base_url(self) -> str:
        """The API root requests go to."""
        return self._core.base_url

    @property
    def limiter(self) -> Limiter | None:
        """The client-side rate limiter, if any."""
        return self._core.limiter

    @property
    def closed(self) -> bool:
        """Whether the session has been closed."""
        return self._core.closed

    def with_organization(self, organization_id: str) -> ZohoBooks:
        """A view of this session scoped to another organization (same connections and limits).

        ``acme = books.with_organization("10234695")``; closing the view closes nothing.
        """
        check_organization_id(organization_id)
        defaults = RequestOptions(timeout=self._defaults.timeout, organization_id=organization_id)
        return ZohoBooks._view(self._core, defaults)

    async def send(
        self,
        operation: Operation,
        *,
        path_params: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        body: Body | None = None,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
        expects_bytes: bool = False,
        download_to: Path | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Run one operation through the pipeline; resources call this, and so may you.

        Path parameters are checked before sending; ``options`` override the session's;
        ``headers`` are extra HTTP headers the operation needs (the pipeline's own, such as
        ``Authorization``, always win); ``download_to`` asks the transport to stream a file
        answer to that path.
        """
        if self._core.closed:
            raise ClientClosedError("the ZohoBooks session is closed", method=operation.method)
        request = Request(
            method=operation.method,
            base_url=self._core.base_url,
            path=operation.build_path(path_params),
            query=_query_pairs(query) if query else (),
            headers=_header_pairs(headers) if headers else (),
            body=body,
            options=(options or NO_OPTIONS).merged_over(self._defaults),
            idempotent=idempotent,
            expects_bytes=expects_bytes or download_to is not None,
            download_to=download_to,
        )
        # Run here rather than in a helper coroutine: each frame of the await chain is
        # passed through again on every suspension of the call.
        core = self._core
        task = asyncio.current_task()
        if task is None:
            return await core.handler(request)
        core.calls.add(task)
        try:
            return await core.handler(request)
        except asyncio.CancelledError:
            closed = core.closed_error(task, request)
            if closed is not None:
                raise closed from None
            raise
        finally:
            core.calls.discard(task)
            if core.cancelled_by_close:  # empty unless close() ran during the call
                core.take_back_cancellation(task)  # something below swallowed it

    async def close(self) -> None:
        """Close the session: its connections, token source and limiter. Safe to call twice."""
        await self._core.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"ZohoBooks(organization_id={self.organization_id!r}, base_url={self.base_url!r})"


def _query_pairs(query: Mapping[str, QueryValue] | None) -> tuple[tuple[str, str], ...]:
    if not query:
        return ()
    return tuple((key, _query_text(value)) for key, value in query.items() if value is not None)


def _header_pairs(headers: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    if not headers:
        return ()
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"header {name!r} must map a string to a string, got {value!r}")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in name + value) or ":" in name or not name:
            raise ValueError(f"header {name!r} has a name or value that cannot be sent: {value!r}")
    return tuple(headers.items())


def _query_text(value: QueryValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | Decimal | int):
        return str(value)
    return str(value)
