"""A worker process for the multi-process tests: ``python -m tests.limits.shared_worker MODE``.

``run``: a ZohoBooks session against the sandbox (OAuth, limits shared through Redis) that
fetches its token, prints ``ready``, waits for ``go`` on stdin, then makes its share of GET
calls with many concurrent tasks and prints a JSON summary with when each call completed.
``hold``: takes every in-flight slot of the organization, prints ``holding`` and waits to be
killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter

import redis.asyncio as aioredis

from zbooks_async import ZohoBooks
from zbooks_async.errors import ZohoBooksError
from zbooks_async.limits import RateLimit, RedisLimiter
from zbooks_async.pipeline import RetryPolicy
from zbooks_async.sandbox import SandboxConfig

ORG = "10234695"


async def run(args: argparse.Namespace) -> None:
    limit = RateLimit(requests=args.requests, period=args.period, concurrency=args.concurrency)
    sandbox = SandboxConfig()
    async with ZohoBooks(
        organization_id=ORG,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        refresh_token=sandbox.refresh_token,
        accounts_url=args.accounts_url,
        base_url=args.base_url,
        redis_url=args.redis_url,
        rate_limit=limit,
        retry=RetryPolicy(max_retries=0),  # a 429 must show, not be retried away
    ) as books:
        await books._core.tokens.access_token()
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        remaining = args.calls
        errors: Counter[str] = Counter()
        completed: list[float] = []

        async def caller() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                try:
                    await books.contacts.get(args.contact_id)
                    completed.append(time.monotonic())
                except ZohoBooksError as exc:
                    errors[f"{type(exc).__name__} {exc.code}"] += 1

        await asyncio.gather(*(caller() for _ in range(args.tasks)))
    print(json.dumps({"errors": dict(errors), "completed": completed}), flush=True)


async def hold(args: argparse.Namespace) -> None:
    limit = RateLimit(requests=1000, period=args.period, concurrency=args.concurrency)
    client = aioredis.Redis.from_url(args.redis_url)
    limiter = RedisLimiter(limit, client, lease=args.lease)
    entered = 0

    async def holder() -> None:
        nonlocal entered
        async with limiter.slot(ORG):
            entered += 1
            if entered == args.concurrency:
                print("holding", flush=True)
            await asyncio.Event().wait()

    await asyncio.gather(*(holder() for _ in range(args.concurrency)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run", "hold"])
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--base-url", default="")
    parser.add_argument("--accounts-url", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--period", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=5)
    parser.add_argument("--contact-id", default="1")
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--lease", type=float, default=60.0)
    args = parser.parse_args()
    asyncio.run(run(args) if args.mode == "run" else hold(args))


if __name__ == "__main__":
    main()
