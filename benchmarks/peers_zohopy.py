"""The peer half of the peers benchmark: zohopy against the sandbox. Runs inside the peers'
own virtualenv (never the project's), so it imports nothing from zbooks_async.

zohopy 0.2.0 derives both its API and accounts URLs from ``data_center`` (``api_domain`` only
picks a data center), so a subclass of its config points both at the loopback sandbox.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from importlib.metadata import version
from typing import Any

import httpx
from zohopy import AsyncZohoClient, ZohoConfig
from zohopy.products.books import AsyncZohoBooks

BURST = 500


def loopback_config(root: str, organization_id: str) -> ZohoConfig:
    class LoopbackConfig(ZohoConfig):
        @property
        def base_api_url(self) -> str:
            return root

        @property
        def accounts_url(self) -> str:
            return root

    return LoopbackConfig(
        client_id="sandbox-client",
        client_secret="sandbox-secret",
        refresh_token="sandbox-refresh",
        organization_id=organization_id,
        data_center="us",
    )


async def timed(call: Any, calls: int, concurrency: int) -> float:
    next_index = iter(range(calls))

    async def worker() -> None:
        for index in next_index:
            await call(index)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def admin(root: str, method: str, path: str) -> Any:
    async with httpx.AsyncClient() as http:
        answer = await http.request(method, f"{root}/_sandbox{path}")
        return answer.json()


async def main(root: str, organization_id: str, calls: dict[int, int], rounds: int) -> dict[str, Any]:
    ids = [c["contact_id"] for c in (await admin(root, "GET", "/contacts"))["contacts"]]
    result: dict[str, Any] = {"version": version("zohopy")}
    async with AsyncZohoClient(loopback_config(root, organization_id)) as client:
        books = AsyncZohoBooks(client)

        async def get(index: int) -> object:
            return (await books.contacts.get(ids[index % len(ids)]))["contact"]

        for concurrency, count in calls.items():
            await timed(get, min(count, 200), concurrency)
            result[f"get_c{concurrency}"] = sorted(
                [await timed(get, count, concurrency) for _ in range(rounds)]
            )

        started = time.perf_counter()
        listed = 0
        async for page in books.contacts.list_all(per_page=200):
            listed += len(page["contacts"])
        result["list_seconds"] = time.perf_counter() - started
        result["listed"] = listed

    # The burst: a fresh client with a token that the server has just expired, then 500 calls
    # at once. Every call that meets the 401 asks for a new token on its own.
    async with AsyncZohoClient(loopback_config(root, organization_id)) as client:
        books = AsyncZohoBooks(client)
        await books.contacts.get(ids[0])
        await admin(root, "POST", "/tokens/expire")
        before = (await admin(root, "GET", "/stats"))["stats"]["token_mints"]
        outcomes = await asyncio.gather(
            *(books.contacts.get(ids[n % len(ids)]) for n in range(BURST)), return_exceptions=True
        )
        after = (await admin(root, "GET", "/stats"))["stats"]["token_mints"]
    result["burst_token_requests"] = after - before
    result["burst_failures"] = sum(1 for outcome in outcomes if isinstance(outcome, BaseException))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--organization-id", required=True)
    parser.add_argument("--calls", default="1:1000,64:5000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    calls = {int(c): int(n) for c, n in (pair.split(":") for pair in args.calls.split(","))}
    print(json.dumps(asyncio.run(main(args.root, args.organization_id, calls, args.rounds))))
