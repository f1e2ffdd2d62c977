"""Instructions per call, counted by valgrind (cachegrind): SDK against naive bare aiohttp +
``json.loads``, over loopback against a sandbox in its own process, at concurrency 64.

Unlike the timed overhead rows, these counts do not move with the load of a shared machine
(times there move by 10 to 50% from run to run). Each client runs twice, with ``SHORT`` and
``LONG`` calls, in fresh processes; the difference over ``LONG - SHORT`` is the cost of one
call, start-up and warm-up (including compiling hot models) cancelling out. Not run when
valgrind is missing. The sandbox states a daily budget far away, so every answer carries Zoho's
``X-Rate-Limit-*`` headers, as Zoho's do: the limiter's cost includes following them. The last
pair gets the ~20-field sales receipt of the timed row (``common.RECEIPT``) instead of a contact.

The limiter's row is the difference of two calls that each cost about 830k instructions, so it moves
by a few thousand from run to run; the rate-limit stage is also counted alone, over a transport that
answers at once (64 tasks, one suspension per call, no sockets), where the count is the same every run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SCRIPT = str(Path(__file__).resolve())
HERE = Path(SCRIPT).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess, create_receipts, not_run  # noqa: E402

SECTION = "instructions"
SHORT, LONG = 300, 2300
#: Limits on, so answers carry the budget headers, but never reached.
FAR_SERVER_LIMITS: dict[str, Any] = {
    "limits": True, "requests_per_window": 10**9, "max_in_flight": 10**6, "daily_budget": 10**9
}
LIMITER_TARGET = 1.02
CLIENTS = {
    "raw": "bare aiohttp + json.loads",
    "untyped": "SDK books.send (decoded envelope), rate_limit=None",
    "typed": "SDK books.contacts.get (typed Contact), rate_limit=None",
    "limited": "SDK books.contacts.get, default limiter on",
    "raw_receipt": "bare aiohttp + json.loads, a ~20-field sales receipt",
    "receipt": "SDK books.sales_receipts.get, default limiter on",
}
#: Counted without a sandbox: the rate-limit stage (default limiter, limits far away) over a fake
#: transport, against that transport alone.
STAGE_CLIENTS = ("stage_bare", "stage")
STAGE_SHORT, STAGE_LONG = 640, 6400


async def run_stage(client: str, calls: int) -> None:
    """The measured program of the stage rows: ``calls`` calls through the stage (or not), 64 at a time."""
    from multidict import CIMultiDict, CIMultiDictProxy
    from overhead import FAR_LIMITS, clocked

    from zbooks_async.limits import InMemoryLimiter
    from zbooks_async.pipeline import RateLimitStage, Request, Response

    headers = CIMultiDictProxy(
        CIMultiDict(
            {"X-Rate-Limit-Limit": "1000000000", "X-Rate-Limit-Remaining": "999999000",
             "X-Rate-Limit-Reset": "3600", "Content-Type": "application/json"}
        )
    )
    answer = Response(200, headers, b"{}")
    query = (("organization_id", ORGANIZATION_ID),)
    request = Request("GET", "http://127.0.0.1/books/v3", "/contacts/1", query)

    async def transport(_: Request) -> Response:
        await asyncio.sleep(0)  # one suspension, as a call waiting for its answer makes
        return answer

    stage = RateLimitStage(InMemoryLimiter(FAR_LIMITS))

    async def through_stage(_: int) -> object:
        return await stage(request, transport)

    async def bare(_: int) -> object:
        return await transport(request)

    await clocked(through_stage if client == "stage" else bare, calls, 64)


async def run_client(client: str, calls: int, api: str, all_ids: dict[str, list[str]]) -> None:
    """The measured program: ``calls`` gets of ``client``, 64 at a time."""
    import aiohttp
    from overhead import FAR_LIMITS, clocked

    from zbooks_async import ZohoBooks
    from zbooks_async.resources.contacts import GET

    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    params = {"organization_id": ORGANIZATION_ID}
    limit = FAR_LIMITS if client in ("limited", "receipt") else None
    receipt = client in ("raw_receipt", "receipt")
    ids = all_ids["receipts" if receipt else "contacts"]
    path, key = ("salesreceipts", "salesreceipt") if receipt else ("contacts", "contact")
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as raw_session,
        ZohoBooks(
            organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=api, rate_limit=limit
        ) as books,
    ):

        async def raw(index: int) -> object:
            async with raw_session.get(
                f"{api}/{path}/{ids[index % len(ids)]}", params=params, headers=headers
            ) as answer:
                return json.loads(await answer.read())[key]

        async def untyped(index: int) -> object:
            return (await books.send(GET, path_params={"contact_id": ids[index % len(ids)]})).data

        async def typed(index: int) -> object:
            return await books.contacts.get(ids[index % len(ids)])

        async def typed_receipt(index: int) -> object:
            return await books.sales_receipts.get(ids[index % len(ids)])

        call = {
            "raw": raw, "untyped": untyped, "typed": typed, "limited": typed,
            "raw_receipt": raw, "receipt": typed_receipt,
        }[client]
        await clocked(call, calls, 64)


def instructions(client: str, calls: int, api: str, ids_file: str) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, SCRIPT, client, str(calls), api, ids_file],
        capture_output=True, text=True, check=True,
        # Fixed hashing: with random string hashes the counts move by 1-2% from run to run.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {result.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


async def measure(quick: bool = False) -> list[Figure]:
    if shutil.which("valgrind") is None:
        return [not_run(SECTION, "instructions per call", "valgrind is not installed")]
    per_call: dict[str, float] = {}
    async with SandboxProcess(seed_contacts=200, **FAR_SERVER_LIMITS) as sandbox:
        ids = {"contacts": await sandbox.contact_ids(), "receipts": await create_receipts(sandbox, 50)}
        with tempfile.NamedTemporaryFile("w", suffix=".json") as ids_file:
            ids_file.write(json.dumps(ids))
            ids_file.flush()
            for client in CLIENTS:
                counts = [
                    await asyncio.to_thread(instructions, client, calls, sandbox.api, ids_file.name)
                    for calls in (SHORT, LONG)
                ]
                per_call[client] = (counts[1] - counts[0]) / (LONG - SHORT)
    for client in STAGE_CLIENTS:
        counts = [
            await asyncio.to_thread(instructions, client, calls, "-", "-")
            for calls in (STAGE_SHORT, STAGE_LONG)
        ]
        per_call[client] = (counts[1] - counts[0]) / (STAGE_LONG - STAGE_SHORT)
    raw = per_call["raw"]
    figures = [Figure(SECTION, f"{CLIENTS['raw']}, per call", round(raw / 1000), "k instructions")]
    targets = {"typed": 1.10, "limited": 1.15}
    for client in ("untyped", "typed", "limited"):
        ratio = per_call[client] / raw
        target = targets.get(client)
        figures.append(
            Figure(
                SECTION,
                f"  {CLIENTS[client]} / bare",
                round(ratio, 3),
                "x",
                f"<= {target}" if target else "",
                ratio <= target if target else None,
                f"{per_call[client] / 1000:.0f}k instructions per call",
            )
        )
    ratio = per_call["limited"] / per_call["typed"]
    figures.append(
        Figure(
            SECTION,
            "  the limiter's cost: default limiter on / off (typed get)",
            round(ratio, 3),
            "x",
            f"<= {LIMITER_TARGET}",
            ratio <= LIMITER_TARGET,
            f"{(per_call['limited'] - per_call['typed']) / 1000:.1f}k instructions per call",
        )
    )
    stage_cost = per_call["stage"] - per_call["stage_bare"]
    figures.append(
        Figure(
            SECTION,
            "  the rate-limit stage alone, fake transport: instructions per call",
            round(stage_cost / 1000, 1),
            "k",
            note=f"{stage_cost / per_call['typed']:.1%} of a typed get; steady from run to run",
        )
    )
    ratio = per_call["receipt"] / per_call["raw_receipt"]
    figures.append(
        Figure(
            SECTION,
            "  typed get of a ~20-field sales receipt, default limiter on / bare",
            round(ratio, 3),
            "x",
            f"<= {targets['limited']}",
            ratio <= targets["limited"],
            f"{per_call['receipt'] / 1000:.0f}k against {per_call['raw_receipt'] / 1000:.0f}k "
            "instructions per call",
        )
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("client", choices=sorted([*CLIENTS, *STAGE_CLIENTS]))
    parser.add_argument("calls", type=int)
    parser.add_argument("api")
    parser.add_argument("ids_file")
    args = parser.parse_args()
    if args.client in STAGE_CLIENTS:
        asyncio.run(run_stage(args.client, args.calls))
        sys.exit()
    asyncio.run(run_client(args.client, args.calls, args.api, json.loads(Path(args.ids_file).read_text())))
