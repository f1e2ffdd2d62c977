"""Start-up: importing the SDK and the first typed call, each in a fresh process, beside aiohttp.

Each probe runs in its own fresh interpreter. Instructions are counted by valgrind
(cachegrind), which a busy machine does not move; times are whole-process wall times, the
probes taking turns so a busy spell falls on both, median of the runs. The first-call probes
get one contact from a sandbox in its own process: bare aiohttp + ``json.loads`` against
``ZohoBooks(...).contacts.get`` with the SDK's defaults (limiter on), each from a cold start
(interpreter, imports, session, one call). Bytecode is cached, as for an installed package.

The import must not pull in test machinery (``unittest.mock``, ``aiohttp.test_utils``); the
first structure of a contact must not spend milliseconds writing code: models are interpreted
until hot (see zbooks_async/structuring).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from common import ORGANIZATION_ID, ROOT, TOKEN, Figure, SandboxProcess, not_run

SECTION = "startup"
IMPORT_TARGET_RATIO = 1.2  # against importing aiohttp alone, which the SDK needs anyway
FIRST_CALL_TARGET_RATIO = 1.5  # against a bare aiohttp first call
STRUCTURE_TARGET_MS = 2.0
RUNS = 7

IMPORTS = {
    "aiohttp": "import aiohttp",
    "package": "import zbooks_async",
    "client": "from zbooks_async import ZohoBooks",
}

MACHINERY_PROBE = """
import sys
import zbooks_async
from zbooks_async import ZohoBooks
print(",".join(m for m in ("unittest.mock", "aiohttp.test_utils") if m in sys.modules) or "-")
"""

BARE_FIRST_CALL = """
import asyncio, json, sys
import aiohttp

async def main(api, contact_id):
    async with aiohttp.ClientSession() as session:
        async with session.get(
            f"{api}/contacts/{contact_id}",
            params={"organization_id": sys.argv[3]},
            headers={"Authorization": f"Zoho-oauthtoken {sys.argv[4]}"},
        ) as answer:
            answer.raise_for_status()
            return json.loads(await answer.read())["contact"]

assert asyncio.run(main(sys.argv[1], sys.argv[2]))["contact_id"] == sys.argv[2]
"""

SDK_FIRST_CALL = """
import asyncio, sys
from zbooks_async import ZohoBooks

async def main(api, contact_id):
    async with ZohoBooks(
        organization_id=sys.argv[3], access_token=sys.argv[4], base_url=api
    ) as books:
        return await books.contacts.get(contact_id)

assert asyncio.run(main(sys.argv[1], sys.argv[2])).contact_id == sys.argv[2]
"""

STRUCTURE_PROBE = """
import json, time
from zbooks_async import jsoncodec
from zbooks_async.converter import structure
from zbooks_async.models.contacts import Contact
answer = json.dumps({"code": 0, "message": "success", "contact": json.loads(%r)}).encode()
started = time.perf_counter()
structure(jsoncodec.loads(answer)["contact"], Contact)
first = time.perf_counter() - started
started = time.perf_counter()
structure(jsoncodec.loads(answer)["contact"], Contact)
print(first * 1000, (time.perf_counter() - started) * 1000)
"""


#: As an installed package runs: with its bytecode cached (pip compiles it at install; a
#: checkout writes it on a first, unmeasured run of each probe), and a fixed hash seed so the
#: instruction counts repeat exactly.
ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONHASHSEED": "0",
}


def run(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, check=True, cwd=ROOT, env=ENV,
    )
    return result.stdout


def timed(code: str, *args: str) -> float:
    """Milliseconds for a fresh interpreter to run ``code``, start to exit."""
    started = time.perf_counter()
    run(code, *args)
    return (time.perf_counter() - started) * 1000


def instructions(code: str, *args: str) -> int:
    """Instructions a fresh interpreter executes running ``code`` (valgrind's cachegrind)."""
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", code, *args],
        capture_output=True, text=True, check=True, cwd=ROOT, env=ENV,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {result.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def alternating(probes: dict[str, tuple[str, ...]], runs: int) -> dict[str, float]:
    """Median wall time of each probe, the probes taking turns (reversed every other round)."""
    times: dict[str, list[float]] = {name: [] for name in probes}
    for round_number in range(runs):
        order = list(probes) if round_number % 2 == 0 else list(reversed(probes))
        for name in order:
            times[name].append(timed(*probes[name]))
    return {name: statistics.median(found) for name, found in times.items()}


def ratio_row(name: str, ours: float, theirs: float, target: float, note: str) -> Figure:
    ratio = ours / theirs
    return Figure(SECTION, name, round(ratio, 2), "x", f"<= {target:g}", ratio <= target, note)


async def measure(quick: bool = False) -> list[Figure]:
    runs = 3 if quick else RUNS
    figures: list[Figure] = []
    async with SandboxProcess(seed_contacts=1) as sandbox:
        contact_id = (await sandbox.contact_ids())[0]
        contact = json.dumps((await sandbox.admin("GET", "/contacts"))["contacts"][0])
        where = (sandbox.api, contact_id, ORGANIZATION_ID, TOKEN)
        first_call = {"bare": (BARE_FIRST_CALL, *where), "sdk": (SDK_FIRST_CALL, *where)}
        probes = {name: (code,) for name, code in IMPORTS.items()}
        for probe in {**probes, **first_call}.values():  # writes the bytecode caches
            await asyncio.to_thread(run, *probe)
        wall = await asyncio.to_thread(alternating, {**probes, **first_call}, runs)
        counted: dict[str, float] = {}
        if shutil.which("valgrind") is not None:
            for name, probe in {**probes, **first_call}.items():
                counted[name] = await asyncio.to_thread(instructions, *probe)
    for name, what in (("package", "import zbooks_async"),
                       ("client", "from zbooks_async import ZohoBooks")):
        if counted:
            figures.append(ratio_row(
                f"{what} / import aiohttp, instructions (fresh process)",
                counted[name], counted["aiohttp"], IMPORT_TARGET_RATIO,
                f"{counted[name] / 1e6:.0f}M against {counted['aiohttp'] / 1e6:.0f}M",
            ))
        figures.append(ratio_row(
            f"{what} / import aiohttp, timed (fresh process)",
            wall[name], wall["aiohttp"], IMPORT_TARGET_RATIO,
            f"{wall[name]:.0f} ms against {wall['aiohttp']:.0f} ms; median of {runs}",
        ))
    if counted:
        figures.append(ratio_row(
            "first typed call (fresh process) / bare aiohttp first call, instructions",
            counted["sdk"], counted["bare"], FIRST_CALL_TARGET_RATIO,
            f"{counted['sdk'] / 1e6:.0f}M against {counted['bare'] / 1e6:.0f}M",
        ))
    else:
        figures.append(not_run(SECTION, "start-up instructions", "valgrind is not installed"))
    figures.append(ratio_row(
        "first typed call (fresh process) / bare aiohttp first call, timed",
        wall["sdk"], wall["bare"], FIRST_CALL_TARGET_RATIO,
        f"{wall['sdk']:.0f} ms against {wall['bare']:.0f} ms; median of {runs}",
    ))
    machinery = sorted({m for m in run(MACHINERY_PROBE).split()[0].split(",") if m != "-"})
    figures.append(Figure(
        SECTION, "  test machinery imported with it", len(machinery), "modules", "0",
        not machinery, ", ".join(machinery) or "neither unittest.mock nor aiohttp.test_utils",
    ))
    calls = [run(STRUCTURE_PROBE % contact).split() for _ in range(runs)]
    first_ms = statistics.median(float(first) for first, _ in calls)
    second_ms = statistics.median(float(second) for _, second in calls)
    figures.append(Figure(
        SECTION, "first structure of one contact: parse + structure (fresh process)",
        round(first_ms, 2), "ms", f"< {STRUCTURE_TARGET_MS:.0f}", first_ms < STRUCTURE_TARGET_MS,
        f"the second takes {second_ms * 1000:.0f} us; median of {runs}",
    ))
    return figures
