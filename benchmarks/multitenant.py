"""Many organizations on one session: SDK defaults against bare aiohttp with an unlimited pool.

A minimal server in its own process answers every GET after ``LATENCY`` seconds (Zoho's answers
take 100 to 300 ms), so throughput is bound by how many calls are in flight together, not by
CPU. ``ORGANIZATIONS`` organizations each run ``TASKS`` tasks of ``CALLS_PER_TASK`` calls: well
inside Zoho's 10 in flight and 100 a minute per organization, so the default limiter admits them
all at once and only the connection pool can hold them back. The two clients take turns over
``ROUNDS`` rounds; the ratio is the median of the per-round ratios of calls per second.

    python benchmarks/multitenant.py [--organizations 100] [--pool 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import TOKEN, Figure  # noqa: E402

from zbooks_async import ZohoBooks  # noqa: E402

SECTION = "multitenant"
LATENCY = 0.3
ORGANIZATIONS = 100
TASKS = 4
CALLS_PER_TASK = 5
ROUNDS = 3
TARGET = 0.9
FORMER_POOL = 100  # aiohttp's default, the SDK's until 0.x: the reference row
CONTACT = {"contact_id": "1", "contact_name": "A", "contact_type": "customer", "status": "active"}

SERVER = f"""
import asyncio, sys
from aiohttp import web
body = {json.dumps({"code": 0, "message": "success", "contact": CONTACT})!r}.encode()
async def contact(request):
    await asyncio.sleep({LATENCY})
    return web.Response(body=body, content_type="application/json")
async def main():
    app = web.Application()
    app.router.add_get("/books/v3/contacts/{{contact_id}}", contact)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
    await site.start()
    print("PORT", runner.addresses[0][1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
asyncio.run(main())
"""


async def _rate(call: object, organizations: list[str]) -> float:
    """Calls per second of ``call(organization)`` run by every organization's tasks at once."""

    async def task(organization: str) -> None:
        for _ in range(CALLS_PER_TASK):
            await call(organization)  # type: ignore[operator]

    started = time.perf_counter()
    await asyncio.gather(*(task(org) for org in organizations for _ in range(TASKS)))
    return len(organizations) * TASKS * CALLS_PER_TASK / (time.perf_counter() - started)


async def compare(api: str, organizations: list[str], rounds: int, pool: int | None) -> dict[str, float]:
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    sdk_rates, bare_rates, ratios = [], [], []
    for number in range(rounds):
        async with (
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as raw_session,
            ZohoBooks(access_token=TOKEN, base_url=api, connector_limit=pool) as books,
        ):
            views = {org: books.with_organization(org) for org in organizations}

            async def bare(organization: str) -> object:
                async with raw_session.get(
                    f"{api}/contacts/1", params={"organization_id": organization}, headers=headers
                ) as answer:
                    return json.loads(await answer.read())["contact"]

            async def sdk(organization: str, views: dict[str, ZohoBooks] = views) -> object:
                return await views[organization].contacts.get("1")

            if number % 2:
                sdk_rate, bare_rate = await _rate(sdk, organizations), await _rate(bare, organizations)
            else:
                bare_rate, sdk_rate = await _rate(bare, organizations), await _rate(sdk, organizations)
        sdk_rates.append(sdk_rate)
        bare_rates.append(bare_rate)
        ratios.append(sdk_rate / bare_rate)
    return {
        "sdk": statistics.median(sdk_rates),
        "bare": statistics.median(bare_rates),
        "ratio": statistics.median(ratios),
    }


async def measure(
    quick: bool = False, organizations: int = ORGANIZATIONS, pool: int | None = None
) -> list[Figure]:
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SERVER, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    try:
        assert server.stdout is not None
        line = await asyncio.wait_for(server.stdout.readline(), timeout=60)
        api = f"http://127.0.0.1:{int(line.split()[1])}/books/v3"
        orgs = [str(10234695 + n) for n in range(organizations)]
        result = await compare(api, orgs, 1 if quick else ROUNDS, pool)
        former = await compare(api, orgs, 1, FORMER_POOL) if pool is None else None
    finally:
        assert server.stdin is not None
        server.stdin.close()
        await server.wait()
    in_flight = organizations * TASKS
    allowed = in_flight / LATENCY
    return [
        Figure(
            SECTION,
            f"{organizations} organizations x {TASKS} tasks, {LATENCY * 1000:.0f} ms answers: "
            "SDK defaults / bare aiohttp (unlimited pool), calls/s",
            round(result["ratio"], 3),
            "x",
            f">= {TARGET}",
            result["ratio"] >= TARGET,
            f"SDK {result['sdk']:.0f}/s, bare {result['bare']:.0f}/s (at most {allowed:.0f}/s with "
            f"{in_flight} in flight); median of {1 if quick else ROUNDS} paired rounds"
            + (f"; connector_limit={pool}" if pool else ""),
        )
    ] + (
        [
            Figure(
                SECTION,
                f"  the same with connector_limit={FORMER_POOL} (the former default)",
                round(former["ratio"], 3),
                "x",
                "(reference)",
                None,
                f"SDK {former['sdk']:.0f}/s, bare {former['bare']:.0f}/s; one round",
            )
        ]
        if former is not None
        else []
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=ORGANIZATIONS)
    parser.add_argument("--pool", type=int, help="connector_limit= for the SDK (default: its own)")
    args = parser.parse_args()
    for figure in asyncio.run(measure(organizations=args.organizations, pool=args.pool)):
        print(figure)
