"""Fixtures for the lifecycle tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.lifecycle.lifecycle_support import HoldingServer


@pytest.fixture
async def server() -> AsyncIterator[tuple[HoldingServer, str]]:
    """A HoldingServer on 127.0.0.1 and its API root URL; held answers are released at the end."""
    holding = HoldingServer()
    runner = web.AppRunner(holding.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield holding, f"http://127.0.0.1:{port}/books/v3"
    holding.release()
    await runner.cleanup()
