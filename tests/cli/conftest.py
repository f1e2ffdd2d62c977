"""Fixtures: a sandbox served on 127.0.0.1 and a session talking to it over the real transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import pytest

from zbooks_async import RateLimit, ZohoBooks
from zbooks_async.sandbox import Sandbox, SandboxConfig, get_sandbox, serve

ORG = "10234695"


@attrs.define
class Served:
    """A running sandbox and a session on it."""

    books: ZohoBooks
    sandbox: Sandbox
    url: str

    def writes(self) -> list[tuple[str, Any]]:
        """(method, contact_name) of every POST or PUT the sandbox received."""
        return [
            (r.method, (r.body or {}).get("contact_name"))
            for r in self.sandbox.stats.requests
            if r.method in ("POST", "PUT")
        ]


Start = Callable[..., Awaitable[Served]]


@pytest.fixture
async def start() -> AsyncIterator[Start]:
    """Serve a sandbox with ``SandboxConfig(**overrides)``; ``rate_limit`` is the client's."""
    cleanups: list[Callable[[], Awaitable[None]]] = []

    async def _start(rate_limit: RateLimit | None = None, **overrides: Any) -> Served:
        overrides.setdefault("record_requests", True)
        runner = await serve("127.0.0.1", 0, SandboxConfig(**overrides))
        host, port = runner.addresses[0][:2]
        url = f"http://{host}:{port}"
        books = ZohoBooks(
            organization_id=ORG,
            access_token="test-token",
            base_url=f"{url}/books/v3",
            rate_limit=rate_limit,
        )
        cleanups.append(runner.cleanup)
        cleanups.append(books.close)
        return Served(books, get_sandbox(runner.app), url)

    yield _start
    for cleanup in reversed(cleanups):
        await cleanup()
