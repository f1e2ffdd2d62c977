"""Serve a sandbox on 127.0.0.1 in its own process, for the benchmarks.

Prints ``PORT <n>`` once listening and serves until its standard input closes, so it never
outlives the benchmark that started it. Not meant to be run by hand: use ``zbooks sandbox``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zbooks_async.sandbox import SandboxConfig, serve


def config_from(args: argparse.Namespace) -> SandboxConfig:
    config = SandboxConfig(
        seed_contacts=args.seed_contacts,
        requests_per_window=args.requests_per_window,
        window_seconds=args.window_seconds,
        max_in_flight=args.max_in_flight,
        mint_limit=args.mint_limit,
        record_requests=args.record_requests,
        daily_budget=args.daily_budget or None,
    )
    return config if args.limits else config.unlimited()


async def main(args: argparse.Namespace) -> None:
    runner = await serve("127.0.0.1", 0, config_from(args))
    print(f"PORT {runner.addresses[0][1]}", flush=True)
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, sys.stdin.read)  # returns when the parent goes away
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed-contacts", type=int, default=0)
    parser.add_argument("--limits", action="store_true", help="enforce Zoho's request limits")
    parser.add_argument("--requests-per-window", type=int, default=100)
    parser.add_argument("--window-seconds", type=float, default=60.0)
    parser.add_argument("--max-in-flight", type=int, default=10)
    parser.add_argument("--mint-limit", type=int, default=10)
    parser.add_argument("--record-requests", action="store_true")
    parser.add_argument("--daily-budget", type=int, default=10000, help="0 for none")
    asyncio.run(main(parser.parse_args()))
