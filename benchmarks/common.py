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

    async def first_contact(self) -> str:
        contacts = (await self.admin("GET", "/contacts"))["contacts"]
        if contacts:
            return str(contacts[0]["contact_id"])
        await self.admin("POST", "/seed?count=1")
        return await self.first_contact()

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


#: The ~20-field record of the typed-get and decode rows: a sales receipt of one line (money,
#: a date, two timestamps, a nested object), created through the API.
RECEIPT: dict[str, Any] = {
    "date": "2026-01-05",
    "payment_mode": "cash",
    "receipt_number": "SR-1",
    "line_items": [{"name": "Widget", "description": "A widget", "rate": "12.50", "quantity": 2}],
    "notes": "Thank you for your business.",
    "terms": "Paid in full.",
}


async def create_receipts(sandbox: SandboxProcess, count: int) -> list[str]:
    """Create ``count`` sales receipts like :data:`RECEIPT` in ``sandbox``; return their ids."""
    from zbooks_async import ZohoBooks

    customer_id = await sandbox.first_contact()
    ids = []
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=sandbox.api, rate_limit=None
    ) as books:
        for number in range(count):
            fields = {**RECEIPT, "receipt_number": f"SR-{number + 1}"}
            receipt = await books.sales_receipts.create(customer_id=customer_id, **fields)
            assert receipt.sales_receipt_id is not None
            ids.append(receipt.sales_receipt_id)
    return ids


async def raw_answer(sandbox: SandboxProcess, path: str) -> bytes:
    """The body of ``GET path`` as the sandbox sends it."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            sandbox.api + path,
            params={"organization_id": ORGANIZATION_ID},
            headers={"Authorization": f"Zoho-oauthtoken {TOKEN}"},
        ) as answer,
    ):
        return await answer.read()
