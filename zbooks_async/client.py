"""``ZohoBooks``: the session manager that owns the transport, the pipeline and the resources."""

from __future__ import annotations

import asyncio
import logging
import os
import time
import warnings
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import aiohttp
import attrs

from ._generated.modules import BooksModules
from .auth.base import TokenProvider, TokenSource
from .auth.factory import build_token_source
from .datacenters import data_center as lookup_data_center
from .durations import seconds_text
from .errors import (
    ClientClosedError,
    ClosedDuringWrite,
    ConfigurationError,
    DeadlineExceeded,
    TransportError,
    ZohoBooksError,
)
from .limits.base import Limiter, RateLimit
from .limits.budget import Budget, BudgetTracking
from .limits.connection import RedisConnection
from .limits.factory import build_limiter
from .pipeline.auth import AuthStage, DestinationStage, TokenDestination
from .pipeline.decode import DecodeStage
from .pipeline.organization import OrganizationStage, check_organization_id
from .pipeline.ratelimit import RateLimitStage
from .pipeline.retry import RetryPolicy, RetryStage
from .pipeline.stage import Handler, Stage, compose
from .pipeline.values import NO_OPTIONS, Body, Request, RequestOptions, Response
from .secrets import Secret
from .transport.aiohttp_transport import DEFAULT_MAX_ANSWER_BYTES, AiohttpTransport
from .transport.base import Transport

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from .auth.store import TokenStore
    from .endpoints.base import PathParams, QueryValue
    from .operations import Operation
    from .resources.contacts import Contacts

logger = logging.getLogger("zbooks_async")
DEFAULT_TIMEOUT = 30.0
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


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
        # Calls whose write has been sent and may have been applied, by task: how many of
        # their attempts may have reached Zoho (close() reports those as outcome unknown).
        self.writes_out: dict[asyncio.Task[Any], int] = {}
        # The event loop the session first ran on: its connections belong to that loop.
        self.loop: asyncio.AbstractEventLoop | None = None
        destination = TokenDestination.of(base_url, explicit=explicit_base_url)
        # One retry loop around the limiter; the token is read after the limiter's wait, as
        # the request leaves, and a refused one is replaced inside the same loop.
        stages: list[Stage] = [DestinationStage(destination), OrganizationStage(), RetryStage(retry)]
        if limiter is not None:
            stages.append(RateLimitStage(limiter))
        stages += [AuthStage(tokens), DecodeStage()]
        self.handler: Handler = compose(stages, self._deliver)

    def closed_error(self, task: asyncio.Task[object], request: Request) -> ClientClosedError | None:
        """For a cancelled ``task``: the error to raise if close() alone cancelled it."""
        if self.take_back_cancellation(task) == 0:  # nobody else cancelled this task too
            if self.writes_out.get(task):
                return ClosedDuringWrite(
                    "the ZohoBooks session was closed while this write was in flight; it may "
                    "or may not have been applied: check before sending it again",
                    method=request.method,
                    path=request.path,
                )
            return ClientClosedError(
                "the ZohoBooks session was closed while this call was waiting or in "
                "flight; it was not sent, or it is a read",
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
        timeout = request.options.timeout
        if request.deadline_at is not None:
            left = request.deadline_at - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(
                    f"the call's deadline of {seconds_text(request.options.deadline)} passed before "
                    "this attempt was sent",
                    may_have_reached_server=False,
                    method=request.method,
                    path=request.path,
                )
            timeout = left if timeout is None else min(timeout, left)
        task = asyncio.current_task() if request.method not in _READS else None
        if task is not None:
            self.writes_out[task] = self.writes_out.get(task, 0) + 1
        # Timed only when the line will be logged: this runs on every attempt.
        started = time.perf_counter() if logger.isEnabledFor(logging.DEBUG) else None
        try:
            response = await self.transport.send(request, timeout=timeout)
        except ZohoBooksError as exc:
            if task is not None and isinstance(exc, TransportError) and not exc.may_have_reached_server:
                self._write_answered(task)
            if self.closed:
                if task is not None and self.writes_out.get(task):
                    raise ClosedDuringWrite(
                        "the ZohoBooks session was closed while this write was in flight; it "
                        "may or may not have been applied: check before sending it again",
                        method=request.method,
                        path=request.path,
                    ) from exc
                raise ClientClosedError(
                    "the ZohoBooks session was closed while this call was in flight",
                    method=request.method,
                    path=request.path,
                ) from exc
            raise
        if task is not None and 400 <= response.status < 500:
            self._write_answered(task)  # refused: this attempt changed nothing
        if started is not None:
            logger.debug(
                "%s %s -> %d in %.1f ms",
                request.method,
                request.path,
                response.status,
                (time.perf_counter() - started) * 1000,
            )
        return response

    def _write_answered(self, task: asyncio.Task[Any]) -> None:
        """This attempt of ``task``'s write surely changed nothing (refused, or never sent)."""
        left = self.writes_out.get(task, 0) - 1
        if left > 0:
            self.writes_out[task] = left
        else:
            self.writes_out.pop(task, None)

    def check_loop(self) -> None:
        """Bind the session to the running event loop on first use; refuse any other loop."""
        running = asyncio.get_running_loop()
        if self.loop is None:
            self.loop = running
        elif self.loop is not running:
            raise ConfigurationError(
                "this ZohoBooks session was first used on another event loop, and its "
                "connections belong to that loop: create one ZohoBooks per event loop (for "
                "example inside the coroutine you pass to asyncio.run), and close each with "
                "'await books.close()' or 'async with ZohoBooks(...) as books:'"
            )

    def __del__(self) -> None:
        # As asyncio and aiohttp do for their own resources (shown with -W default or -X dev).
        if not self.closed and self.loop is not None:
            warnings.warn(
                "a ZohoBooks session was never closed: use 'async with ZohoBooks(...) as "
                "books:' or call 'await books.close()' when done, so its connections are released",
                ResourceWarning,
                stacklevel=2,
            )

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


class ZohoBooks(BooksModules):
    """An async Zoho Books client. Use ``async with ZohoBooks(...) as books:`` or ``await books.close()``.

    One instance can be shared by thousands of concurrent tasks. Resources hang off it:
    ``books.contacts``. ``books.with_organization(org_id)`` gives a view on another organization
    that shares this session.

    Keywords: ``organization_id``; credentials: OAuth refresh with ``client_id``,
    ``client_secret`` and ``refresh_token`` (tokens minted at the data center's accounts
    server, or at ``accounts_url``, kept in ``token_store``), or a fixed ``access_token``, or a
    ``token_source`` (a ``TokenSource`` or an async function returning a token);
    ``data_center`` (com, eu, in, com.au, jp, ca, com.cn, sa, uk, ae) or an explicit ``base_url``;
    ``timeout`` per attempt in seconds; ``deadline`` in seconds for each whole call (the
    rate limiter's wait, every attempt and the pauses between them; ``None``: no bound, the
    default), overridden per call with ``RequestOptions(deadline=...)``; ``transport``
    (default: aiohttp, optionally over a ``session`` you own); ``rate_limit``
    (``RateLimit()`` by default, ``None`` for none) or a ready ``limiter``; ``redis_url`` or
    a ``redis`` client (``redis.asyncio``) to share the rate limits and the OAuth token with
    every process on that Redis; ``retry`` (a ``RetryPolicy``, with its retry handlers);
    ``max_answer_bytes``, the most an answer read into memory may hold (64 MiB; ``None``: no
    cap; streamed downloads are not capped), for the transport built here;
    ``connector_limit``, the most connections that transport's pool opens (default: 1,000, or
    half the process's open-files limit if lower; the rate limiter keeps each organization to
    its in-flight cap, so the pool never caps a multi-organization process before Zoho would);
    ``strict``: read answers strictly, failing on any value that does not fit its model's type
    instead of keeping it as it came (default: off, or on when the environment sets
    ``ZBOOKS_STRICT=1``).
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
        deadline: float | None = None,
        max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
        connector_limit: int | None = None,
        strict: bool | None = None,
    ) -> None:
        if organization_id is not None:
            check_organization_id(organization_id)
        dc = lookup_data_center(data_center)
        if transport is not None and session is not None:
            raise ConfigurationError("pass either transport= or session=, not both")
        if redis_url is not None and redis is not None:
            raise ConfigurationError("pass either redis_url= or redis=, not both")
        if connector_limit is not None and (transport is not None or session is not None):
            raise ConfigurationError(
                "connector_limit= sizes the connection pool of the transport built here: "
                "with your own transport= or session=, size its pool there"
            )
        shared = RedisConnection.open(redis_url) if redis_url is not None else None
        shared = shared or (RedisConnection.of(redis) if redis is not None else None)
        transport = transport or AiohttpTransport(
            session, max_answer_bytes=max_answer_bytes, connector_limit=connector_limit
        )
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
        if strict is None:
            strict = os.environ.get("ZBOOKS_STRICT", "").lower() in ("1", "true", "yes")
        self._defaults = RequestOptions(
            timeout=timeout, organization_id=organization_id, deadline=deadline, strict=strict
        )

    @cached_property
    def contacts(self) -> Contacts:
        """Customers and vendors (``books.contacts``), built on first use like every module."""
        from .resources.contacts import Contacts  # with its models and the converter: on first use

        return Contacts(self)

    def _module_sender(self) -> ZohoBooks:
        return self

    @classmethod
    def _view(cls, core: _Core, defaults: RequestOptions) -> ZohoBooks:
        view = cls.__new__(cls)
        view._core = core
        view._defaults = defaults
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

    async def limits(self, organization_id: str | None = None) -> Budget:
        """The organization's daily API budget, as Zoho's latest answers stated it.

        ``organization_id`` defaults to the session's. Shared through Redis when the limiter
        is. Fields are ``None`` where nothing is known yet (no answer seen, or a limiter that
        does not follow the budget). ``budget = await books.limits()`` then
        ``budget.remaining``, ``budget.renews_at``.
        """
        organization_id = organization_id or self.organization_id
        if organization_id is None:
            raise ConfigurationError(
                "organization_id is required: pass organization_id= or set it on the session"
            )
        limiter = self._core.limiter
        if not isinstance(limiter, BudgetTracking):
            return Budget()
        return await limiter.budget(organization_id)

    @property
    def closed(self) -> bool:
        """Whether the session has been closed."""
        return self._core.closed

    def with_organization(self, organization_id: str) -> ZohoBooks:
        """A view of this session scoped to another organization (same connections and limits).

        ``acme = books.with_organization("10234695")``; closing the view closes nothing.
        """
        check_organization_id(organization_id)
        defaults = attrs.evolve(self._defaults, organization_id=organization_id)
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
        core = self._core
        if core.closed:
            raise ClientClosedError("the ZohoBooks session is closed", method=operation.method)
        if core.loop is not asyncio.get_running_loop():
            core.check_loop()
        options = (options or NO_OPTIONS).merged_over(self._defaults)
        deadline = options.deadline
        request = Request(
            method=operation.method,
            base_url=self._core.base_url,
            path=operation.build_path(path_params),
            query=_query_pairs(query) if query else (),
            headers=_header_pairs(headers) if headers else (),
            body=body,
            options=options,
            idempotent=idempotent,
            expects_bytes=expects_bytes or download_to is not None,
            download_to=download_to,
            scope=operation.scope,
            deadline_at=None if deadline is None else time.monotonic() + deadline,
            needs_organization=operation.organization,
        )
        # Run here rather than in a helper coroutine: each frame of the await chain is
        # passed through again on every suspension of the call.
        task = asyncio.current_task()
        if task is None:
            return _marked(await core.handler(request), options)
        core.calls.add(task)
        try:
            return _marked(await core.handler(request), options)
        except asyncio.CancelledError:
            closed = core.closed_error(task, request)
            if closed is not None:
                raise closed from None
            raise
        finally:
            core.calls.discard(task)
            if core.writes_out:
                core.writes_out.pop(task, None)
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


def _marked(response: Response, options: RequestOptions) -> Response:
    """``response``, marked to be read strictly when the call's options say so."""
    return attrs.evolve(response, strict=True) if options.strict else response


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
