"""SDK overhead: N ``books.contacts.get`` calls (typed model included) over the same calls made
with bare aiohttp + ``json.loads``, on the same sandbox in the same run, at concurrency 1 and 64.

Two setups. Main figure: the sandbox serves from this process's event loop, so both clients
pay the same server work on the same core and the machine's other load hits them alike (the
steadier figure). Second: the sandbox runs in its own process, so the time is the client's
alone; on a loopback socket this also charges the client for waking the server, and on a busy
shared machine it varies from run to run.

The clients take turns in many short rounds (in reverse order every other round), and the ratio
is the median of the per-round ratios: the SDK's time in a round over bare aiohttp's time in
the same round, so a slow spell of a shared machine (which moves whole runs by 10%) falls on
both sides of a ratio.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiohttp
from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess

from zbooks_async import ZohoBooks
from zbooks_async.resources.contacts import GET
from zbooks_async.sandbox import SandboxConfig, get_sandbox, serve

SECTION = "overhead"
ROUNDS = 15
CALLS = {1: 500, 64: 2000}
TARGET_AT_64 = 1.25
SEEDED = 200
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


@asynccontextmanager
async def in_process_sandbox() -> AsyncIterator[tuple[str, list[str]]]:
    runner = await serve("127.0.0.1", 0, SandboxConfig(seed_contacts=SEEDED).unlimited())
    try:
        ids = [contact["contact_id"] for contact in get_sandbox(runner.app).contacts()]
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/books/v3", ids
    finally:
        await runner.cleanup()


@asynccontextmanager
async def own_process_sandbox() -> AsyncIterator[tuple[str, list[str]]]:
    async with SandboxProcess(seed_contacts=SEEDED) as sandbox:
        yield sandbox.api, await sandbox.contact_ids()


async def compare(api: str, ids: list[str], calls: int, concurrency: int, rounds: int) -> dict[str, float]:
    """Median wall and CPU microseconds per call for bare aiohttp, the SDK, and the SDK untyped,
    and (``ratio``, ``ratio_cpu``) the median over rounds of SDK time / bare time."""
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    params = {"organization_id": ORGANIZATION_ID}
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as raw_session,
        ZohoBooks(
            organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=api, rate_limit=None
        ) as books,
    ):

        async def raw(index: int) -> object:
            async with raw_session.get(
                f"{api}/contacts/{ids[index % len(ids)]}", params=params, headers=headers
            ) as answer:
                data = json.loads(await answer.read())
            if data["code"] != 0:
                raise RuntimeError(data)
            return data["contact"]

        async def sdk(index: int) -> object:
            return await books.contacts.get(ids[index % len(ids)])

        async def untyped(index: int) -> object:
            return (await books.send(GET, path_params={"contact_id": ids[index % len(ids)]})).data

        clients = (("raw", raw), ("sdk", sdk), ("untyped", untyped))
        wall: dict[str, list[float]] = {name: [] for name, _ in clients}
        cpu: dict[str, list[float]] = {name: [] for name, _ in clients}
        for _, call in clients:
            await timed(call, min(calls, 200), concurrency)  # warm connections and caches
        for number in range(rounds):
            # Interleaved rounds, so drift in the machine's speed hits every client alike; every
            # other round runs them in reverse, so no client always follows the same one.
            for name, call in clients if number % 2 == 0 else clients[::-1]:
                seconds, cpu_seconds = await clocked(call, calls, concurrency)
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    result = {name: statistics.median(times) / calls * 1e6 for name, times in wall.items()}
    result |= {f"{name}_cpu": statistics.median(times) / calls * 1e6 for name, times in cpu.items()}
    result["ratio"] = statistics.median(sdk / raw for sdk, raw in zip(wall["sdk"], wall["raw"], strict=True))
    result["ratio_cpu"] = statistics.median(
        sdk / raw for sdk, raw in zip(cpu["sdk"], cpu["raw"], strict=True)
    )
    return result


async def measure(quick: bool = False) -> list[Figure]:
    figures: list[Figure] = []
    setups = (
        ("sandbox in this process", in_process_sandbox, ROUNDS),
        ("sandbox in its own process", own_process_sandbox, 9),
    )
    for setup, sandbox, rounds in setups:
        async with sandbox() as (api, ids):
            for concurrency, calls in CALLS.items():
                calls = calls // 5 if quick else calls
                us = await compare(api, ids, calls, concurrency, 2 if quick else rounds)
                ratio = us["ratio"]
                main = setup == setups[0][0]
                checked = main and concurrency == 64
                figures.append(
                    Figure(
                        SECTION,
                        f"get x{calls}, concurrency {concurrency}, {setup}: SDK / bare aiohttp",
                        round(ratio, 3),
                        "x",
                        f"<= {TARGET_AT_64}" if checked else "",
                        ratio <= TARGET_AT_64 if checked else None,
                        f"SDK {us['sdk']:.0f} us/call, bare {us['raw']:.0f}, "
                        f"SDK without model decode {us['untyped']:.0f}; median of {2 if quick else rounds} "
                        "paired rounds",
                    )
                )
                if not main:
                    figures.append(
                        Figure(
                            SECTION,
                            "  client CPU per call: SDK / bare",
                            round(us["ratio_cpu"], 3),
                            "x",
                            note=f"SDK {us['sdk_cpu']:.0f} us, bare {us['raw_cpu']:.0f} us, "
                            f"SDK without model decode {us['untyped_cpu']:.0f} us",
                        )
                    )
    return figures
