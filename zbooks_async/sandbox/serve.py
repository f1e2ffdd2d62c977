"""Running the sandbox on a real socket (what ``zbooks sandbox --port 8080`` calls)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from .app import create_app
from .config import SandboxConfig


async def serve(
    host: str = "127.0.0.1", port: int = 8080, config: SandboxConfig | None = None
) -> web.AppRunner:
    """Start serving and return the runner; ``await runner.cleanup()`` stops it.

    Handler cancellation is on, so a client that hangs up cancels its request's work
    (the ``slow`` fault relies on it).
    """
    runner = web.AppRunner(create_app(config), handler_cancellation=True, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def run_sandbox(
    host: str = "127.0.0.1", port: int = 8080, config: SandboxConfig | None = None
) -> None:
    """Serve until interrupted (Ctrl-C). Blocks the calling thread."""

    async def main() -> None:
        runner = await serve(host, port, config)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
