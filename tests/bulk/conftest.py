from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import pytest

from zbooks_async import ZohoBooks
from zbooks_async.sandbox import Sandbox, SandboxConfig, get_sandbox, serve

ORG = "10234695"


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    """A session the fake operations receive; they never send anything through it."""
    async with ZohoBooks(organization_id="10234695", access_token="test-token", rate_limit=None) as session:
        yield session


@attrs.define
class Served:
    """A sandbox on 127.0.0.1 and how to open sessions on it."""

    sandbox: Sandbox
    url: str

    def session(self) -> ZohoBooks:
        """A new session on the sandbox over the real aiohttp transport (no client limiter)."""
        return ZohoBooks(
            organization_id=ORG, access_token="test-token", base_url=f"{self.url}/books/v3", rate_limit=None
        )

    def names(self) -> list[str]:
        """Every stored contact's name, sorted (a name stored twice shows twice)."""
        return sorted(str(c["contact_name"]) for c in self.sandbox.contacts(ORG))

    def posts(self) -> list[Any]:
        """The contact_name of every POST /contacts the sandbox received."""
        return [
            (r.body or {}).get("contact_name")
            for r in self.sandbox.stats.requests
            if r.method == "POST" and r.path.endswith("/contacts")
        ]


@pytest.fixture
async def serve_sandbox() -> AsyncIterator[Callable[..., Awaitable[Served]]]:
    """Serve a sandbox with ``SandboxConfig(**overrides)`` on a free port."""
    cleanups: list[Callable[[], Awaitable[None]]] = []

    async def _serve(**overrides: Any) -> Served:
        overrides.setdefault("record_requests", True)
        runner = await serve("127.0.0.1", 0, SandboxConfig(**overrides))
        cleanups.append(runner.cleanup)
        host, port = runner.addresses[0][:2]
        return Served(get_sandbox(runner.app), f"http://{host}:{port}")

    yield _serve
    for cleanup in reversed(cleanups):
        await cleanup()
