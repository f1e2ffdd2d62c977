"""The SDK's own CPU cost per call, with no network: a transport that hands back a fixed answer.

    python benchmarks/sdk_alone.py            # microseconds per call, best of 7 rounds
    python benchmarks/sdk_alone.py --profile  # cProfile of the typed call, by own time

Not a section of run.py: it measures no client against another, it is the tool for finding
and checking per-call savings (steady to about 0.5 us, where the socket benchmarks move 10%).
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from multidict import CIMultiDict, CIMultiDictProxy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zbooks_async import ZohoBooks
from zbooks_async.pipeline.values import Request, Response
from zbooks_async.resources.contacts import GET
from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox

CONTACT = get_sandbox(create_app(SandboxConfig(seed_contacts=1))).contacts()[0]
BODY = json.dumps({"code": 0, "message": "success", "contact": CONTACT}).encode()
HEADERS = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json; charset=utf-8"}))
CALLS = 4000
ROUNDS = 7


class CannedTransport:
    """Answers every request with the same 2 KB contact."""

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        return Response(status=200, headers=HEADERS, body=BODY)

    async def close(self) -> None:
        pass


async def best_us(call: Callable[[], Awaitable[object]]) -> float:
    for _ in range(CALLS // 10):
        await call()
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            await call()
        best = min(best, time.perf_counter() - started)
    return best / CALLS * 1e6


async def main(profile: bool) -> None:
    async with ZohoBooks(
        organization_id="10234695",
        access_token="benchmark-token",
        base_url="http://127.0.0.1:1/books/v3",
        transport=CannedTransport(),
        rate_limit=None,
    ) as books:
        contact_id = CONTACT["contact_id"]

        async def typed() -> object:
            return await books.contacts.get(contact_id)

        async def untyped() -> object:
            return (await books.send(GET, path_params={"contact_id": contact_id})).data

        async def parse_only() -> object:
            return json.loads(BODY)

        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(CALLS):
                await typed()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return
        print(f"answer of {len(BODY)} bytes; microseconds per call, best of {ROUNDS}:")
        for name, call in (
            ("books.contacts.get (typed Contact)", typed),
            ("books.send (decoded envelope)", untyped),
            ("json.loads of the answer alone", parse_only),
        ):
            print(f"  {name:38} {await best_us(call):6.1f}")


if __name__ == "__main__":
    asyncio.run(main("--profile" in sys.argv))
