"""What every benchmark shares: the figure rows of the table and a sandbox in its own process."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ORGANIZATION_ID = "10234695"
TOKEN = "benchmark-token"


@dataclass
class Figure:
    """One row of the results table."""

    section: str
    name: str
    value: float | None
    unit: str = ""
    target: str = ""
    ok: bool | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def not_run(section: str, name: str, why: str) -> Figure:
    """A row saying plainly that a measurement could not be made, and why."""
    return Figure(section, name, None, note=f"not run: {why}")


class SandboxProcess:
    """``async with SandboxProcess(seed_contacts=200) as sandbox:`` a sandbox on 127.0.0.1.

    Runs in its own process so the server's work neither slows nor counts against the client
    being measured. Limits are off unless ``limits=True``.
    """

    def __init__(
        self, *, seed_contacts: int = 0, limits: bool = False, record_requests: bool = False, **options: float
    ) -> None:
        self._argv = [sys.executable, str(HERE / "sandbox_server.py"), "--seed-contacts", str(seed_contacts)]
        if limits:
            self._argv.append("--limits")
        if record_requests:
            self._argv.append("--record-requests")
        for name, value in options.items():
            self._argv += [f"--{name.replace('_', '-')}", str(value)]
        self._process: asyncio.subprocess.Process | None = None
        self.url = ""
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SandboxProcess:
        self._process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        assert self._process.stdout is not None
        line = await asyncio.wait_for(self._process.stdout.readline(), timeout=120)
        if not line.startswith(b"PORT "):
            raise RuntimeError(f"the sandbox process did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        self._session = aiohttp.ClientSession()
        return self

    @property
    def api(self) -> str:
        return f"{self.url}/books/v3"

    async def admin(self, method: str, path: str) -> Any:
        """Call a ``/_sandbox`` admin endpoint and return its decoded answer."""
        assert self._session is not None
        async with self._session.request(method, f"{self.url}/_sandbox{path}") as answer:
            return json.loads(await answer.read())

    async def contact_ids(self) -> list[str]:
        return [c["contact_id"] for c in (await self.admin("GET", "/contacts"))["contacts"]]

    async def stats(self) -> dict[str, Any]:
        return (await self.admin("GET", "/stats"))["stats"]  # type: ignore[no-any-return]

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                await asyncio.wait_for(self._process.wait(), timeout=10)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
