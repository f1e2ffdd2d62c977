"""Constants and helpers shared by the fault tests (imported as ``fault_support``)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aioresponses import aioresponses

from zbooks_async.sandbox import Sandbox, SandboxConfig, get_sandbox, serve

ORGANIZATION_ID = "10234695"
TOKEN = "1000.faults-test-token.0000"
CONTACTS = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts(\?.*)?$")
ONE_CONTACT = re.compile(r"^https://www\.zohoapis\.com/books/v3/contacts/460000000026049(\?.*)?$")
CONTACT_ID = "460000000026049"


def calls(mock: aioresponses) -> int:
    """How many requests reached the mocked network."""
    return sum(len(requests) for requests in mock.requests.values())


class SandboxTokens:
    """A token source that mints access tokens from the sandbox's accounts server.

    ``invalidate`` mints a new token once per rejected token, however many calls saw it
    rejected at the same time (the others get the token minted meanwhile).
    """

    def __init__(self, root: str) -> None:
        self._root = root
        self._token: str | None = None
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None
        self.mints = 0

    async def _mint(self) -> str:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        form = {
            "grant_type": "refresh_token",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
            "refresh_token": "sandbox-refresh",
        }
        async with self._session.post(f"{self._root}/oauth/v2/token", data=form) as answer:
            token = (await answer.json())["access_token"]
        self.mints += 1
        return str(token)

    async def access_token(self) -> str:
        async with self._lock:
            if self._token is None:
                self._token = await self._mint()
            return self._token

    async def invalidate(self, token: str) -> bool:
        async with self._lock:
            if token == self._token:
                self._token = await self._mint()
        return True

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


@asynccontextmanager
async def running_sandbox(config: SandboxConfig) -> AsyncIterator[tuple[Sandbox, str]]:
    """Serve a sandbox on 127.0.0.1 (a free port); yield its handle and root URL."""
    runner = await serve("127.0.0.1", 0, config)
    try:
        port = runner.addresses[0][1]
        yield get_sandbox(runner.app), f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
