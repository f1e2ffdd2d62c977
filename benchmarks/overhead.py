"""SDK overhead: N ``books.contacts.get`` calls (typed model included) over the same calls made
with bare aiohttp + ``json.loads``, on the same sandbox in the same run, at concurrency 1 and 64.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable

import aiohttp
from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess

from zbooks_async import ZohoBooks

SECTION = "overhead"
ROUNDS = 5
CALLS = {1: 1000, 64: 5000}
TARGET_AT_64 = 1.25
Call = Callable[[int], Awaitable[object]]


async def timed(call: Call, calls: int, concurrency: int) -> float:
    """Seconds for ``calls`` calls, ``concurrency`` at a time (each worker takes the next index)."""
    return (await clocked(call, calls, concurrency))[0]


async def clocked(call: Call, calls: int, concurrency: int) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds for ``calls`` calls, ``concurrency`` at a time."""
    next_index = iter(range(calls))

    async def worker() -> None:
        for index in next_index:
            await call(index)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, time.process_time() - cpu


async def measure(sandbox: SandboxProcess, quick: bool = False) -> list[Figure]:
    ids = await sandbox.contact_ids()
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    params = {"organization_id": ORGANIZATION_ID}
    figures: list[Figure] = []
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as raw_session,
        ZohoBooks(
            organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=sandbox.api, rate_limit=None
        ) as books,
    ):

        async def raw(index: int) -> object:
            url = f"{sandbox.api}/contacts/{ids[index % len(ids)]}"
            async with raw_session.get(url, params=params, headers=headers) as answer:
                data = json.loads(await answer.read())
            if data["code"] != 0:
                raise RuntimeError(data)
            return data["contact"]

        async def sdk(index: int) -> object:
            return await books.contacts.get(ids[index % len(ids)])

        async def sdk_untyped(index: int) -> object:
            from zbooks_async.resources.contacts import GET

            answer = await books.send(GET, path_params={"contact_id": ids[index % len(ids)]})
            return answer.data

        clients = (("raw", raw), ("sdk", sdk), ("untyped", sdk_untyped))
        for concurrency, calls in CALLS.items():
            calls = calls // 5 if quick else calls
            wall: dict[str, list[float]] = {name: [] for name, _ in clients}
            cpu: dict[str, list[float]] = {name: [] for name, _ in clients}
            for _, call in clients:
                await timed(call, min(calls, 200), concurrency)  # warm connections and caches
            for _ in range(2 if quick else ROUNDS):
                # Interleaved rounds, so drift in the machine's speed hits every client alike.
                for name, call in clients:
                    seconds, cpu_seconds = await clocked(call, calls, concurrency)
                    wall[name].append(seconds)
                    cpu[name].append(cpu_seconds)
            per_call = {name: statistics.median(wall[name]) / calls * 1e6 for name in wall}
            cpu_per_call = {name: statistics.median(cpu[name]) / calls * 1e6 for name in cpu}
            ratio = per_call["sdk"] / per_call["raw"]
            at_64 = concurrency == 64
            figures.append(
                Figure(
                    SECTION,
                    f"get x{calls}, concurrency {concurrency}: SDK / bare aiohttp time",
                    round(ratio, 3),
                    "x",
                    f"<= {TARGET_AT_64}" if at_64 else "",
                    ratio <= TARGET_AT_64 if at_64 else None,
                    f"median of {len(wall['raw'])}: SDK {per_call['sdk']:.0f} us/call, "
                    f"bare {per_call['raw']:.0f} us/call",
                )
            )
            figures.append(
                Figure(
                    SECTION,
                    "  client CPU per call: SDK / bare",
                    round(cpu_per_call["sdk"] / cpu_per_call["raw"], 3),
                    "x",
                    note=f"SDK {cpu_per_call['sdk']:.0f} us, bare {cpu_per_call['raw']:.0f} us, "
                    f"SDK without model decode {cpu_per_call['untyped']:.0f} us",
                )
            )
    return figures
