"""Peers: the same get and list loops through zohopy (the other async Zoho Books SDK on PyPI:
httpx, plain dicts), and the same 500-call burst on an expired token through each refresh path.

zohopy is installed only in ``benchmarks/.venv-peers`` (git-ignored), made on first run; it is
never a dependency of the project. Anything that cannot run is reported with the reason.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import venv
from pathlib import Path
from typing import Any

from common import HERE, ORGANIZATION_ID, TOKEN, Figure, SandboxProcess, not_run
from overhead import timed

from zbooks_async import ZohoBooks

SECTION = "peers"
PEER = "zohopy"
VENV = HERE / ".venv-peers"
CALLS = {1: 1000, 64: 5000}
LISTED = 2000
BURST = 500
SANDBOX_CLIENT = {
    "client_id": "sandbox-client",
    "client_secret": "sandbox-secret",
    "refresh_token": "sandbox-refresh",
}


async def _run(*argv: str, timeout: float) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        return -1, f"timed out after {timeout:.0f} s"
    return process.returncode or 0, out.decode(errors="replace")


async def peer_python() -> tuple[Path | None, str]:
    """The peers' virtualenv interpreter with zohopy installed, or None and why not."""
    python = VENV / "bin" / "python"
    if python.exists():
        code, _ = await _run(str(python), "-c", "import zohopy", timeout=60)
        if code == 0:
            return python, ""
    try:
        await asyncio.to_thread(venv.create, VENV, with_pip=True, clear=True)
    except Exception as exc:  # any failure here only means the peer cannot be measured
        return None, f"could not create {VENV}: {exc}"
    code, out = await _run(str(python), "-m", "pip", "install", "--quiet", PEER, timeout=240)
    if code != 0:
        last = out.strip().splitlines()[-1:] or ["no output"]
        return None, f"`pip install {PEER}` failed: {last[0]}"
    return python, ""


async def sdk_burst(sandbox: SandboxProcess, contact_id: str) -> tuple[int | None, int, str]:
    """Token requests made by zbooks_async for 500 calls meeting an expired token."""
    try:
        books = ZohoBooks(  # type: ignore[call-arg]
            organization_id=ORGANIZATION_ID,
            base_url=sandbox.api,
            accounts_url=sandbox.url,
            rate_limit=None,
            **SANDBOX_CLIENT,
        )
    except TypeError:
        return None, 0, "this build of zbooks_async has no OAuth refresh-token source yet"
    async with books:
        await books.contacts.get(contact_id)
        await sandbox.admin("POST", "/tokens/expire")
        before = (await sandbox.stats())["token_mints"]
        outcomes = await asyncio.gather(
            *(books.contacts.get(contact_id) for _ in range(BURST)), return_exceptions=True
        )
        after = (await sandbox.stats())["token_mints"]
    failures = sum(1 for outcome in outcomes if isinstance(outcome, BaseException))
    return after - before, failures, ""


async def sdk_loops(sandbox: SandboxProcess, calls: dict[int, int], rounds: int) -> dict[str, Any]:
    ids = await sandbox.contact_ids()
    result: dict[str, Any] = {}
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=sandbox.api, rate_limit=None
    ) as books:

        async def get(index: int) -> object:
            return await books.contacts.get(ids[index % len(ids)])

        for concurrency, count in calls.items():
            await timed(get, min(count, 200), concurrency)
            result[f"get_c{concurrency}"] = sorted(
                [await timed(get, count, concurrency) for _ in range(rounds)]
            )
        started = time.perf_counter()
        result["listed"] = len([contact async for contact in books.contacts.list()])
        result["list_seconds"] = time.perf_counter() - started
    return result


async def measure(quick: bool = False) -> list[Figure]:
    calls = {c: n // 5 for c, n in CALLS.items()} if quick else CALLS
    rounds = 1 if quick else 3
    python, why = await peer_python()
    figures: list[Figure] = []
    async with SandboxProcess(seed_contacts=LISTED, mint_limit=1_000_000) as sandbox:
        ours = await sdk_loops(sandbox, calls, rounds)
        peer: dict[str, Any] | None = None
        if python is not None:
            code, out = await _run(
                str(python),
                str(HERE / "peers_zohopy.py"),
                "--root",
                sandbox.url,
                "--organization-id",
                ORGANIZATION_ID,
                "--calls",
                ",".join(f"{c}:{n}" for c, n in calls.items()),
                "--rounds",
                str(rounds),
                timeout=240,
            )
            if code == 0:
                peer = json.loads(out.strip().splitlines()[-1])
            else:
                why = f"{PEER} run failed: {out.strip().splitlines()[-1:] or code}"
        ids = await sandbox.contact_ids()
        burst, burst_failures, burst_why = await sdk_burst(sandbox, ids[0])

    label = f"{PEER} {peer['version']}" if peer else PEER
    for concurrency, count in calls.items():
        key = f"get_c{concurrency}"
        ours_us = statistics.median(ours[key]) / count * 1e6
        if peer is None:
            figures.append(
                not_run(SECTION, f"get x{count}, concurrency {concurrency}: {PEER} / zbooks_async", why)
            )
            continue
        peer_us = statistics.median(peer[key]) / count * 1e6
        figures.append(
            Figure(
                SECTION,
                f"get x{count}, concurrency {concurrency}: {label} / zbooks_async time",
                round(peer_us / ours_us, 2),
                "x",
                note=f"zbooks_async {ours_us:.0f} us/call (typed Contact), "
                f"{PEER} {peer_us:.0f} us/call (dict)",
            )
        )
    if peer is None:
        figures.append(not_run(SECTION, f"list {LISTED} contacts: {PEER} / zbooks_async", why))
    else:
        figures.append(
            Figure(
                SECTION,
                f"list {ours['listed']} contacts (200 a page): {label} / zbooks_async time",
                round(peer["list_seconds"] / ours["list_seconds"], 2),
                "x",
                note=f"zbooks_async {ours['list_seconds'] * 1000:.0f} ms, "
                f"{PEER} {peer['list_seconds'] * 1000:.0f} ms",
            )
        )
    burst_name = f"{BURST} concurrent calls on an expired token: token requests"
    if peer is None:
        figures.append(not_run(SECTION, f"{burst_name} ({PEER})", why))
    else:
        figures.append(
            Figure(
                SECTION,
                f"{burst_name} ({label})",
                peer["burst_token_requests"],
                "",
                note=f"{peer['burst_failures']} calls failed; "
                "Zoho allows 10 mints per 10 min per refresh token",
            )
        )
    if burst is None:
        figures.append(not_run(SECTION, f"{burst_name} (zbooks_async)", burst_why))
    else:
        figures.append(
            Figure(
                SECTION,
                f"{burst_name} (zbooks_async)",
                burst,
                "",
                "1",
                burst == 1,
                f"{burst_failures} calls failed",
            )
        )
    return figures
