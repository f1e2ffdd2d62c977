"""Fixtures: a sandbox served on 127.0.0.1 by aiohttp's test server, and a manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

import attrs
import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from zbooks_async.sandbox import ManualClock, Sandbox, SandboxConfig, create_app, get_sandbox
from zbooks_async.sandbox.routes import RouteRegistrar

ORG = "10234695"
TOKEN = "test-token"
AUTH = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
NOON_UTC = 1_764_504_000.0  # 2025-11-30T12:00:00Z, 17:30 in the default +0530 organization


@attrs.define
class Harness:
    """A running sandbox plus a client speaking to it."""

    client: TestClient[Any, Any]
    sandbox: Sandbox

    async def api(
        self,
        method: str,
        path: str,
        *,
        org: str | None = ORG,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> ClientResponse:
        """Call ``/books/v3{path}`` with a valid token and the default organization."""
        params = dict(kwargs.pop("params", {}) or {})
        if org is not None:
            params["organization_id"] = org
        return await self.client.request(
            method,
            f"/books/v3{path}",
            params=params,
            headers={**AUTH, **(headers or {})},
            **kwargs,
        )

    async def json(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        """Like ``api`` and decode the JSON body."""
        response = await self.api(method, path, **kwargs)
        return response.status, await response.json(content_type=None)


Start = Callable[..., Awaitable[Harness]]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def start(clock: ManualClock) -> AsyncIterator[Start]:
    """Start a sandbox with ``SandboxConfig(**overrides)`` (clock defaults to ``clock``).

    ``extra_routes`` adds API routes, e.g. a handler that blocks to hold in-flight slots.
    """
    clients: list[TestClient[Any, Any]] = []
    clock_start = clock()

    async def _start(extra_routes: Iterable[RouteRegistrar] = (), **overrides: Any) -> Harness:
        overrides.setdefault("clock", clock)
        # The organization's calendar moves with the manual clock from a fixed local noon,
        # so no test meets a real midnight that renews the daily budget under it.
        overrides.setdefault("wall_clock", lambda: NOON_UTC + clock() - clock_start)
        app = create_app(SandboxConfig(**overrides), extra_routes=extra_routes)
        client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return Harness(client, get_sandbox(app))

    yield _start
    for client in clients:
        await client.close()


@pytest.fixture
async def sb(start: Start) -> Harness:
    """A sandbox with default limits and no data."""
    return await start()
