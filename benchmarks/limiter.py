"""Limiter efficiency: how much of Zoho's allowed rate the SDK uses, and how many 429s it causes;
and the limiters' own cost when the limits are far away.

    python benchmarks/limiter.py [--json PATH] [--requests 100] [--period 1.0] [--periods 8]
                                 [--redis-url redis://127.0.0.1:6379/0] [--quick]

The sandbox enforces Zoho's per-organization limits scaled down in time: ``requests`` per
``period`` seconds (Zoho: 100 per 60 s), 10 requests in flight, and Zoho's latency (0.3 s)
scaled the same way. Worker processes run ZohoBooks sessions (OAuth, every call a GET of one
contact) with many more concurrent calls than the limits allow, so the limiter is the only
thing pacing them. Scenarios: one process with the in-memory limiter; one process with the
Redis limiter; four processes sharing the limits (and the OAuth token) through Redis.

Efficiency is achieved requests per period over allowed requests per period. Achieved is
measured the way a rolling window counts: for each answer, how long until ``requests`` more
answers came back (mean over the run), scaled to one period:
``requests * period / mean(t[i + requests] - t[i])``. Without
``--redis-url`` a private ``redis-server`` is started on a free loopback port (if installed).

Cost rows: the in-memory limiter's time per slot (one process, nobody waiting: its fast path),
and the Redis limiter's admissions per second for one organization with 1 and 4 processes
(each with 16 tasks entering and leaving slots as fast as they can, limits far away), against
the target of 7,000/s across 4 processes; beside each, the same processes and tasks running a
trivial ``EVALSHA`` (``return 0``) as fast as they can, the round trip one slot script cannot
beat (target: admissions >= 0.8 of it; the limiter grants a batch of slots per script when
tasks wait together, so it can pass it), and Redis's own CPU per admission, from ``INFO
commandstats`` (every script's ``usec`` over the admissions; target <= 10 us); and, for
reference, Redis's CPU per admission of one task alone (no batch: one script per admission).

From another program: ``figures = await measure()`` (or ``run()``) returns the rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
if str(ROOT) not in sys.path:  # run as a script: use this checkout's zbooks_async
    sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestServer  # noqa: E402

from zbooks_async import ZohoBooks  # noqa: E402
from zbooks_async.errors import ZohoBooksError  # noqa: E402
from zbooks_async.limits import RateLimit  # noqa: E402
from zbooks_async.pipeline import RetryPolicy  # noqa: E402
from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox  # noqa: E402

ORG = "10234695"
ZOHO_PERIOD = 60.0
ZOHO_LATENCY = 0.3
IN_FLIGHT = 10
CALLERS_PER_PROCESS = 50
FAR_AWAY = RateLimit(requests=10**9, period=60.0, concurrency=10**6)
ADMISSION_TASKS = 16
REDIS_TARGET_PER_SECOND = 7000
REDIS_ROUND_TRIP_TARGET = 0.8
REDIS_CPU_TARGET_MICROSECONDS = 10.0
MEMORY_TARGET_MICROSECONDS = 5.0


@attrs.frozen
class LimiterFigures:
    """One scenario's measurements."""

    scenario: str
    processes: int
    answered: int
    throttled: int
    errors: int
    seconds: float
    allowed_per_period: int
    achieved_per_period: float

    @property
    def efficiency(self) -> float:
        """Achieved over allowed requests per period."""
        return self.achieved_per_period / self.allowed_per_period

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return {**attrs.asdict(self), "efficiency": round(self.efficiency, 4)}


@attrs.frozen
class _Scenario:
    name: str
    processes: int
    shared: bool


SCENARIOS = (
    _Scenario("in-memory limiter", 1, shared=False),
    _Scenario("Redis limiter", 1, shared=True),
    _Scenario("Redis limiter, shared", 4, shared=True),
)


@attrs.frozen
class CostFigure:
    """One row of the limiters' own cost, against its target."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The figure as a JSON-ready dict."""
        return attrs.asdict(self)


async def measure(
    *,
    requests: int = 100,
    period: float = 1.0,
    periods: int = 8,
    redis_url: str | None = None,
    quick: bool = False,
) -> list[LimiterFigures | CostFigure]:
    """Run every scenario (the Redis ones only with a Redis) and return their figures.

    Each scenario makes ``requests * periods`` calls against a fresh sandbox; then the cost
    rows. ``quick`` makes fewer calls and shorter runs (a smoke run, not a measurement).
    """
    if quick:
        periods = min(periods, 3)
    figures: list[LimiterFigures | CostFigure] = []
    with _redis(redis_url) as url:
        for scenario in SCENARIOS:
            if scenario.shared and url is None:
                continue
            figures.append(
                await _run_scenario(scenario, requests, period, periods, url if scenario.shared else None)
            )
        figures.append(await memory_slot_cost(rounds=5, slots=5_000 if quick else 20_000))
        if url is not None:
            for processes in (1, 4):
                figures += await redis_admissions(url, processes, seconds=0.5 if quick else 2.0)
            figures.append(await redis_single_caller(url, seconds=0.5 if quick else 2.0))
    return figures


async def memory_slot_cost(*, rounds: int, slots: int) -> CostFigure:
    """Microseconds per ``async with limiter.slot(org)`` of the in-memory limiter, median of
    ``rounds`` rounds of ``slots`` slots, limits far away and nobody waiting."""
    from zbooks_async.limits import InMemoryLimiter

    limiter = InMemoryLimiter(FAR_AWAY)
    per_slot = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(slots):
            async with limiter.slot(ORG):
                pass
        per_slot.append((time.perf_counter() - started) / slots * 1e6)
    await limiter.close()
    value = round(statistics.median(per_slot), 2)
    return CostFigure(
        name="in-memory limiter: time per slot (nobody waiting)",
        value=value,
        unit="us",
        target=f"<= {MEMORY_TARGET_MICROSECONDS:g} us",
        ok=value <= MEMORY_TARGET_MICROSECONDS,
        note=f"median of {rounds} x {slots} slots",
    )


async def _run_workers(redis_url: str, processes: int, seconds: float, *mode: str) -> tuple[int, float]:
    """Start ``processes`` workers, let them run ``seconds``; (their total count, longest run)."""
    workers = [
        await _spawn(*mode, f"--redis-url={redis_url}", f"--seconds={seconds}") for _ in range(processes)
    ]
    try:
        for worker in workers:
            await _expect_ready(worker)
        outputs = await asyncio.gather(*(worker.communicate(b"go\n") for worker in workers))
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
    admitted = 0
    longest = 0.0
    for out, err in outputs:
        lines = out.decode().strip().splitlines()
        if not lines:
            raise RuntimeError(f"a worker failed: {err.decode()[-2000:]}")
        summary = json.loads(lines[-1])
        admitted += summary["admitted"]
        longest = max(longest, summary["seconds"])
    return admitted, longest


async def _script_cost(client: Any) -> tuple[float, int]:
    """Redis's CPU in scripts since the last ``CONFIG RESETSTAT`` (microseconds), and how many
    scripts ran."""
    stats = await client.info("commandstats")
    scripts = [stats.get(f"cmdstat_{name}", {}) for name in ("evalsha", "eval")]
    return float(sum(s.get("usec", 0) for s in scripts)), int(sum(s.get("calls", 0) for s in scripts))


async def redis_admissions(redis_url: str, processes: int, *, seconds: float) -> list[CostFigure]:
    """Admissions per second for one organization through the Redis limiter, all
    ``processes`` together, each with ``ADMISSION_TASKS`` tasks, limits far away; against a
    trivial ``EVALSHA`` from the same processes and tasks; and Redis's CPU per admission."""
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(redis_url) as client:
        await client.flushdb()
        await client.config_resetstat()
        admitted, longest = await _run_workers(redis_url, processes, seconds, "--admissions-worker")
        usec, scripts = await _script_cost(client)
        cpu = usec / admitted
        trivial, trivial_longest = await _run_workers(redis_url, processes, seconds, "--trivial-worker")
    rate = admitted / longest
    trivial_rate = trivial / trivial_longest
    target = REDIS_TARGET_PER_SECOND if processes == 4 else None
    plural = "es" if processes > 1 else ""
    ratio = rate / trivial_rate
    return [
        CostFigure(
            name=f"Redis limiter: admissions/s, one organization, {processes} process{plural}",
            value=round(rate),
            unit="/s",
            target=f">= {target:,}" if target else "(reference)",
            ok=rate >= target if target else True,
            note=f"{admitted} slots in {longest:.1f} s, {ADMISSION_TASKS} tasks per process, {_parser()}",
        ),
        CostFigure(
            name=f"  admissions / trivial EVALSHA round trips ({processes} process{plural})",
            value=round(ratio, 3),
            unit="x",
            target=f">= {REDIS_ROUND_TRIP_TARGET}",
            ok=ratio >= REDIS_ROUND_TRIP_TARGET,
            note=f"trivial EVALSHA {trivial_rate:.0f}/s from the same processes and tasks",
        ),
        CostFigure(
            name=f"  Redis CPU per admission ({processes} process{plural})",
            value=round(cpu, 1),
            unit="us",
            target=f"<= {REDIS_CPU_TARGET_MICROSECONDS:g} us",
            ok=cpu <= REDIS_CPU_TARGET_MICROSECONDS,
            note=(
                "INFO commandstats: usec of every EVALSHA (slot scripts and flushes) / admissions; "
                f"{admitted / max(scripts, 1):.1f} admissions per script"
            ),
        ),
    ]


async def redis_single_caller(redis_url: str, *, seconds: float) -> CostFigure:
    """Redis's CPU per admission when one task enters and leaves slots alone: no batch to
    share, one script per admission (a reference for the batched rows)."""
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(redis_url) as client:
        await client.flushdb()
        await client.config_resetstat()
        admitted, longest = await _run_workers(
            redis_url, 1, seconds, "--admissions-worker", "--tasks=1"
        )
        usec, scripts = await _script_cost(client)
    return CostFigure(
        name="  Redis CPU per admission (1 process, 1 task: no batch)",
        value=round(usec / admitted, 1),
        unit="us",
        target="(reference)",
        ok=True,
        note=f"{admitted / longest:.0f} admissions/s; {admitted / max(scripts, 1):.1f} admissions per script",
    )


def _parser() -> str:
    from redis.utils import HIREDIS_AVAILABLE

    return "hiredis reply parser" if HIREDIS_AVAILABLE else "pure-Python reply parser (no hiredis)"


async def _admissions_worker(args: argparse.Namespace) -> None:
    """One process entering and leaving slots as fast as it can until its time is up."""
    import redis.asyncio as aioredis

    from zbooks_async.limits import RedisLimiter

    client = aioredis.Redis.from_url(args.redis_url)
    limiter = RedisLimiter(FAR_AWAY, client)
    async with limiter.slot(ORG):  # connect and load the scripts before timing
        pass
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    admitted = 0
    started = time.perf_counter()
    deadline = started + args.seconds

    async def task() -> None:
        nonlocal admitted
        while time.perf_counter() < deadline:
            async with limiter.slot(ORG):
                admitted += 1

    await asyncio.gather(*(task() for _ in range(args.tasks)))
    elapsed = time.perf_counter() - started
    await limiter.close()
    await client.aclose()
    print(json.dumps({"admitted": admitted, "seconds": elapsed}), flush=True)


async def _trivial_worker(args: argparse.Namespace) -> None:
    """One process running a trivial script (``return 0``) as fast as it can, like the slots."""
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(args.redis_url)
    script = client.register_script("return 0")
    await script(keys=[f"zbooks:limits:{{{ORG}}}:trivial"], args=[])
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    done = 0
    started = time.perf_counter()
    deadline = started + args.seconds

    async def task() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await script(keys=[f"zbooks:limits:{{{ORG}}}:trivial"], args=[])
            done += 1

    await asyncio.gather(*(task() for _ in range(ADMISSION_TASKS)))
    elapsed = time.perf_counter() - started
    await client.aclose()
    print(json.dumps({"admitted": done, "seconds": elapsed}), flush=True)


def run(**settings: Any) -> list[LimiterFigures | CostFigure]:
    """:func:`measure` for callers without an event loop."""
    return asyncio.run(measure(**settings))


async def _run_scenario(
    scenario: _Scenario, requests: int, period: float, periods: int, redis_url: str | None
) -> LimiterFigures:
    scale = period / ZOHO_PERIOD
    config = SandboxConfig(
        requests_per_window=requests,
        window_seconds=ZOHO_PERIOD,
        max_in_flight=IN_FLIGHT,
        daily_budget=None,
        latency_seconds=ZOHO_LATENCY,
        seed_contacts=1,
    ).scaled(scale)
    app = create_app(config)
    sandbox = get_sandbox(app)
    contact_id = next(iter(sandbox.organization(ORG).contacts))
    calls = requests * periods
    async with TestServer(app, host="127.0.0.1") as server:
        root = str(server.make_url("")).rstrip("/")
        arguments = [
            "--worker",
            f"--base-url={root}/books/v3",
            f"--accounts-url={root}",
            f"--contact-id={contact_id}",
            f"--requests={requests}",
            f"--period={period}",
            *([f"--redis-url={redis_url}"] if redis_url else []),
        ]
        share, extra = divmod(calls, scenario.processes)
        shares = [share + (n < extra) for n in range(scenario.processes)]
        workers = [await _spawn(*arguments, f"--calls={count}") for count in shares]
        try:
            for worker in workers:
                await _expect_ready(worker)
            started = time.monotonic()
            outputs = await asyncio.gather(*(worker.communicate(b"go\n") for worker in workers))
            seconds = time.monotonic() - started
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()
    completed: list[float] = []
    errors = 0
    for out, err in outputs:
        lines = out.decode().strip().splitlines()
        if not lines:
            raise RuntimeError(f"a worker failed: {err.decode()[-2000:]}")
        summary = json.loads(lines[-1])
        completed += summary["completed"]
        errors += sum(summary["errors"].values())
    achieved = achieved_per_period(completed, requests, period)
    return LimiterFigures(
        scenario=scenario.name,
        processes=scenario.processes,
        answered=len(completed),
        throttled=sum(sandbox.stats.throttled_by_code.values()),
        errors=errors,
        seconds=round(seconds, 2),
        allowed_per_period=requests,
        achieved_per_period=round(achieved, 2),
    )


def achieved_per_period(answered_at: Sequence[float], requests: int, period: float) -> float:
    """Requests answered per ``period``, measured like a rolling window: the mean time that
    ``requests`` consecutive answers took, scaled to one period (0 if too few answers)."""
    moments = sorted(answered_at)
    spans = [moments[n + requests] - moments[n] for n in range(len(moments) - requests)]
    if not spans:
        return 0.0
    return requests * period / (sum(spans) / len(spans))


async def _spawn(*arguments: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        *arguments,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _expect_ready(worker: asyncio.subprocess.Process) -> None:
    assert worker.stdout is not None
    line = await worker.stdout.readline()
    if line.strip() != b"ready":
        _, err = await worker.communicate()
        raise RuntimeError(f"a worker did not start: {err.decode()[-2000:]}")


async def _worker(args: argparse.Namespace) -> None:
    """One process: a session that waits for ``go``, makes its calls and reports when each
    was answered."""
    sandbox = SandboxConfig()
    async with ZohoBooks(
        organization_id=ORG,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        refresh_token=sandbox.refresh_token,
        accounts_url=args.accounts_url,
        base_url=args.base_url,
        redis_url=args.redis_url,
        rate_limit=RateLimit(requests=args.requests, period=args.period, concurrency=IN_FLIGHT),
        retry=RetryPolicy(max_retries=0),  # a 429 must show, not be retried away
    ) as books:
        await books.contacts.get(args.contact_id)  # mint the token and connect before timing
        await asyncio.sleep(args.period * 1.05)  # let the warm-up call leave the window
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        remaining = args.calls
        completed: list[float] = []
        errors: Counter[str] = Counter()

        async def caller() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                try:
                    await books.contacts.get(args.contact_id)
                except ZohoBooksError as exc:
                    errors[f"{type(exc).__name__} {exc.code}"] += 1
                else:
                    completed.append(time.monotonic())

        await asyncio.gather(*(caller() for _ in range(CALLERS_PER_PROCESS)))
    print(json.dumps({"completed": completed, "errors": dict(errors)}), flush=True)


@contextmanager
def _redis(url: str | None) -> Iterator[str | None]:
    """``url``, or a private redis-server for the run, or None if there is none."""
    if url is not None:
        yield url
        return
    executable = shutil.which("redis-server")
    if executable is None:
        print("redis-server is not installed: skipping the Redis scenarios", file=sys.stderr)
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_port(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("redis-server did not start")


def table(figures: Sequence[LimiterFigures], requests: int, period: float) -> str:
    """The figures as a text table, with the run's settings in a heading."""
    heading = (
        f"Limiter efficiency against the sandbox: {requests} requests per {period:g} s window, "
        f"{IN_FLIGHT} in flight (Zoho's limits scaled 1/{ZOHO_PERIOD / period:g})"
    )
    columns = ("scenario", "processes", "answered", "429s", "errors", "seconds",
               "allowed/period", "achieved/period", "efficiency")
    rows = [
        (f.scenario, str(f.processes), str(f.answered), str(f.throttled), str(f.errors),
         f"{f.seconds:.1f}", str(f.allowed_per_period), f"{f.achieved_per_period:.1f}",
         f"{f.efficiency:.3f}")
        for f in figures
    ]
    widths = [max(len(cell) for cell in column) for column in zip(columns, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        aligned = (cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
        return "  ".join([first.ljust(widths[0]), *aligned])

    return "\n".join([heading, "", line(columns), line(["-" * w for w in widths]), *map(line, rows)])


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, run the scenarios (or one worker) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--requests", type=int, default=100, help="allowed requests per window")
    parser.add_argument("--period", type=float, default=1.0, help="window length in seconds")
    parser.add_argument("--periods", type=int, default=8, help="how many windows of calls to make")
    parser.add_argument("--redis-url", help="a Redis to share limits through (default: a private one)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--accounts-url", help=argparse.SUPPRESS)
    parser.add_argument("--contact-id", help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--admissions-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trivial-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=2.0, help=argparse.SUPPRESS)
    parser.add_argument("--tasks", type=int, default=ADMISSION_TASKS, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="fewer calls: a smoke run, not a measurement")
    args = parser.parse_args(argv)
    if args.worker:
        asyncio.run(_worker(args))
        return
    if args.admissions_worker:
        asyncio.run(_admissions_worker(args))
        return
    if args.trivial_worker:
        asyncio.run(_trivial_worker(args))
        return
    figures = run(
        requests=args.requests, period=args.period, periods=args.periods, redis_url=args.redis_url,
        quick=args.quick,
    )
    efficiency = [f for f in figures if isinstance(f, LimiterFigures)]
    costs = [f for f in figures if isinstance(f, CostFigure)]
    print(table(efficiency, args.requests, args.period))
    if costs:
        print()
        width = max(len(f.name) for f in costs)
        for f in costs:
            verdict = "ok" if f.ok else "MISS"
            print(f"{f.name.ljust(width)}  {f.value:>10g} {f.unit:<3} {f.target:<12} {verdict:<4}  {f.note}")
    if args.json:
        args.json.write_text(json.dumps([f.to_json() for f in figures], indent=2) + "\n")


if __name__ == "__main__":
    main()
