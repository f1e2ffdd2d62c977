"""Real processes sharing one Redis against the sandbox: together they stay within the
organization's limits, share one OAuth token, and get back the slots of a process that died."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
from aiohttp.test_utils import TestServer

from zbooks_async.limits import RateLimit, RedisLimiter
from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox

ROOT = Path(__file__).resolve().parents[2]
ORG = "10234695"


async def _spawn(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.limits.shared_worker",
        *args,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _expect_line(process: asyncio.subprocess.Process, expected: str) -> None:
    assert process.stdout is not None
    line = (await process.stdout.readline()).decode().strip()
    if line != expected:
        _, errors = await process.communicate()
        pytest.fail(f"worker said {line!r}, not {expected!r}: {errors.decode()[-2000:]}")


async def test_four_processes_share_the_window_without_a_single_429(redis_url: str) -> None:
    requests, period = 20, 0.5
    config = SandboxConfig(
        requests_per_window=requests,
        window_seconds=period,
        max_in_flight=5,
        daily_budget=None,
        seed_contacts=1,
    )
    app = create_app(config)
    sandbox = get_sandbox(app)
    contact_id = next(iter(sandbox.organization(ORG).contacts))
    async with TestServer(app, host="127.0.0.1") as server:
        root = str(server.make_url("")).rstrip("/")
        common = [
            f"--redis-url={redis_url}",
            f"--base-url={root}/books/v3",
            f"--accounts-url={root}",
            f"--contact-id={contact_id}",
            f"--requests={requests}",
            f"--period={period}",
            "--concurrency=5",
            "--calls=25",
            "--tasks=20",
        ]
        workers = [await _spawn("run", *common) for _ in range(4)]
        try:
            async with asyncio.timeout(60):
                for worker in workers:
                    await _expect_line(worker, "ready")
                outputs = await asyncio.gather(*(w.communicate(b"go\n") for w in workers))
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()
    summaries: list[dict[str, Any]] = []
    for out, err in outputs:
        assert out, err.decode()[-2000:]
        summaries.append(json.loads(out.decode().strip().splitlines()[-1]))
    assert [summary["errors"] for summary in summaries] == [{}] * 4
    assert dict(sandbox.stats.throttled_by_code) == {}
    completed = [moment for summary in summaries for moment in summary["completed"]]
    assert len(completed) == 100  # how close to the limit they ran is benchmarks/limiter.py's row
    assert sandbox.stats.token_mints == 1  # one token for all four processes


async def test_slots_held_by_a_killed_process_come_back_when_their_lease_ends(
    redis_url: str,
) -> None:
    lease = 0.6
    holder = await _spawn(
        "hold", f"--redis-url={redis_url}", "--concurrency=3", "--period=1.0", f"--lease={lease}"
    )
    client = aioredis.Redis.from_url(redis_url)
    limiter = RedisLimiter(RateLimit(requests=1000, period=1.0, concurrency=3), client, lease=lease)
    try:
        async with asyncio.timeout(30):
            await _expect_line(holder, "holding")
        await asyncio.sleep(lease)  # the holder keeps renewing its leases while it lives
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2), limiter.slot(ORG):
                pass
        holder.kill()
        await holder.communicate()
        killed = time.monotonic()
        everyone_in = asyncio.Barrier(3)

        async def call() -> None:
            async with limiter.slot(ORG):
                await everyone_in.wait()

        async with asyncio.timeout(lease + 10):  # generous: a slot that never comes back fails
            await asyncio.gather(*(call() for _ in range(3)))
        assert time.monotonic() - killed >= lease / 2  # not before the leases could end
    finally:
        if holder.returncode is None:
            holder.kill()
            await holder.communicate()
        await limiter.close()
        await client.aclose()
