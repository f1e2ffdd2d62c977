"""Running the sandbox on a real socket (what ``zbooks sandbox --port 8080`` calls)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from .app import create_app
from .config import SandboxConfig

ACCESS_LOGGER = "zbooks_async.sandbox.access"
# Client address, request line, status, body size, seconds taken, and what is left of the
# organization's daily budget. Headers other than that are never logged (no tokens).
ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs budget=%{X-Rate-Limit-Remaining}o'


async def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    config: SandboxConfig | None = None,
    access_log: logging.Logger | None = None,
) -> web.AppRunner:
    """Start serving and return the runner; ``await runner.cleanup()`` stops it.

    Handler cancellation is on, so a client that hangs up cancels its request's work
    (the ``slow`` fault relies on it). With ``access_log``, one INFO line per request goes
    to that logger (``ACCESS_LOG_FORMAT``).
    """
    runner = web.AppRunner(
        create_app(config),
        handler_cancellation=True,
        access_log=access_log,
        access_log_format=ACCESS_LOG_FORMAT,
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def run_sandbox(
    host: str = "127.0.0.1",
    port: int = 8080,
    config: SandboxConfig | None = None,
    access_log: logging.Logger | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C). Blocks the calling thread."""

    async def main() -> None:
        runner = await serve(host, port, config, access_log)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
