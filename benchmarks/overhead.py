"""SDK overhead: N typed ``books.contacts.get`` calls over the same calls made with naive bare
aiohttp + ``json.loads``, against one sandbox running in its own process, at concurrency 64
and 1; and the same at concurrency 64 for a record of about 20 fields (a sales receipt with one
line: money, a date, two timestamps; ``common.RECEIPT``), where the SDK's own work weighs more.

Measured as users run it: the default in-memory limiter is on, with its limits set far away so
it only does its bookkeeping (``FAR_LIMITS``); the same SDK with ``rate_limit=None`` is timed
beside it. The server's work is in another process, so the time is the client's.

The clients take turns in many short rounds (in reverse order every other round), and each ratio
is the median of the per-round ratios: the SDK's time in a round over bare aiohttp's time in the
same round, so a slow spell of a shared machine (which moves whole runs by 10%) falls on both
sides of a ratio.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess, create_receipts

from zbooks_async import RateLimit, ZohoBooks

SECTION = "overhead"
ROUNDS = 9
CALLS = {64: 2000, 1: 500}
RECEIPT_CALLS = 2000  # at concurrency 64
TARGET_LIMITER_ON = 1.15
TARGET_LIMITER_OFF = 1.10
SEEDED = 200
#: The in-memory limiter at work on every call, but never making one wait.
FAR_LIMITS = RateLimit(requests=1_000_000_000, period=60.0, concurrency=1_000_000)
Call = Callable[[int], Awaitable[object]]


@dataclass(frozen=True)
class Record:
    """What the clients get: ``path`` and answer ``key`` for bare aiohttp, ``get`` for the SDK."""

    label: str
    ids: list[str]
    path: str  # with {id}
    key: str
    get: Callable[[ZohoBooks, str], Awaitable[object]]


def contacts(ids: list[str]) -> Record:
    return Record("get", ids, "/contacts/{id}", "contact", lambda books, id_: books.contacts.get(id_))


def receipts(ids: list[str]) -> Record:
    return Record(
        "get a ~20-field sales receipt",
        ids,
        "/salesreceipts/{id}",
        "salesreceipt",
        lambda books, id_: books.sales_receipts.get(id_),
    )


async def clocked(call: Call, calls: int, concurrency: int) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds for ``calls`` calls, ``concurrency`` at a time."""
    next_index = iter(range(calls))

    async def worker() -> None:
        for index in next_index:
            await call(index)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, time.process_time() - cpu


async def timed(call: Call, calls: int, concurrency: int) -> float:
    """Wall seconds for ``calls`` calls, ``concurrency`` at a time (what benchmarks/peers.py uses)."""
    return (await clocked(call, calls, concurrency))[0]


async def compare(api: str, record: Record, calls: int, concurrency: int, rounds: int) -> dict[str, float]:
    """Median wall and CPU microseconds per call of each client, and the median per-round ratios
    ``<client>_ratio`` (wall) and ``<client>_ratio_cpu`` of each SDK client over bare aiohttp."""
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    params = {"organization_id": ORGANIZATION_ID}

    def session(rate_limit: RateLimit | None) -> ZohoBooks:
        return ZohoBooks(
            organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=api, rate_limit=rate_limit
        )

    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as raw_session,
        session(FAR_LIMITS) as limited,
        session(None) as unlimited,
    ):

        ids, key, get = record.ids, record.key, record.get
        urls = [api + record.path.format(id=id_) for id_ in ids]

        async def raw(index: int) -> object:
            async with raw_session.get(urls[index % len(urls)], params=params, headers=headers) as answer:
                data = json.loads(await answer.read())
            if data["code"] != 0:
                raise RuntimeError(data)
            return data[key]

        async def sdk(index: int) -> object:
            return await get(limited, ids[index % len(ids)])

        async def sdk_no_limiter(index: int) -> object:
            return await get(unlimited, ids[index % len(ids)])

        clients = (("raw", raw), ("sdk", sdk), ("sdk_no_limiter", sdk_no_limiter))
        wall: dict[str, list[float]] = {name: [] for name, _ in clients}
        cpu: dict[str, list[float]] = {name: [] for name, _ in clients}
        for _, call in clients:
            await clocked(call, min(calls, 200), concurrency)  # warm connections and caches
        for number in range(rounds):
            for name, call in clients if number % 2 == 0 else clients[::-1]:
                seconds, cpu_seconds = await clocked(call, calls, concurrency)
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    result = {name: statistics.median(times) / calls * 1e6 for name, times in wall.items()}
    result |= {f"{name}_cpu": statistics.median(times) / calls * 1e6 for name, times in cpu.items()}
    for name in ("sdk", "sdk_no_limiter"):
        result[f"{name}_ratio"] = statistics.median(
            s / r for s, r in zip(wall[name], wall["raw"], strict=True)
        )
        result[f"{name}_ratio_cpu"] = statistics.median(
            s / r for s, r in zip(cpu[name], cpu["raw"], strict=True)
        )
    return result


async def measure(quick: bool = False) -> list[Figure]:
    figures: list[Figure] = []
    rounds = 2 if quick else ROUNDS
    async with SandboxProcess(seed_contacts=SEEDED) as sandbox:
        ids = await sandbox.contact_ids()
        runs = [(contacts(ids), concurrency, calls) for concurrency, calls in CALLS.items()]
        runs.append((receipts(await create_receipts(sandbox, 50)), 64, RECEIPT_CALLS))
        for record, concurrency, calls in runs:
            calls = calls // 5 if quick else calls
            us = await compare(sandbox.api, record, calls, concurrency, rounds)
            for client, label, target in (
                ("sdk", "default limiter on", TARGET_LIMITER_ON),
                ("sdk_no_limiter", "rate_limit=None", TARGET_LIMITER_OFF),
            ):
                ratio = us[f"{client}_ratio"]
                figures.append(
                    Figure(
                        SECTION,
                        f"{record.label} x{calls}, concurrency {concurrency}, {label}: SDK / bare aiohttp",
                        round(ratio, 3),
                        "x",
                        f"<= {target}",
                        ratio <= target,
                        f"SDK {us[client]:.0f} us/call, bare {us['raw']:.0f}; client CPU "
                        f"{us[client + '_cpu']:.0f} vs {us['raw_cpu']:.0f} us "
                        f"(x{us[client + '_ratio_cpu']:.3f}); median of {rounds} paired rounds",
                    )
                )
    return figures
