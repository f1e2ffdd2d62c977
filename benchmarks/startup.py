"""Start-up: ``import zbooks_async`` and the first typed call, each in a fresh process.

The import must not pull in test machinery (``unittest.mock``, ``aiohttp.test_utils``); the
first typed call (decode and structure one contact, with its persons and addresses) must not
spend milliseconds writing code: models are interpreted until hot (see zbooks_async/structuring).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from common import ROOT, Figure

SECTION = "startup"
IMPORT_TARGET_RATIO = 2.0  # against importing aiohttp alone, which is most of it
FIRST_CALL_TARGET_MS = 2.0
RUNS = 7

IMPORT_PROBE = """
import sys, time
started = time.perf_counter()
import zbooks_async
seconds = time.perf_counter() - started
machinery = [m for m in ("unittest.mock", "aiohttp.test_utils") if m in sys.modules]
print(seconds * 1000, ",".join(machinery) or "-")
"""

FIRST_CALL_PROBE = """
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


def probe(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.split()


def measure(quick: bool = False) -> list[Figure]:
    from zbooks_async.sandbox import Sandbox, SandboxConfig

    contact = json.dumps(Sandbox(SandboxConfig(seed_contacts=1, seed=7)).contacts()[0])
    runs = 3 if quick else RUNS
    imports, aiohttp_ms = [], []
    for _ in range(runs):  # taking turns, so a busy spell of the machine hits both
        imports.append(probe(IMPORT_PROBE))
        aiohttp_ms.append(float(probe(IMPORT_PROBE.replace("zbooks_async", "aiohttp"))[0]))
    import_ms = statistics.median(float(ms) for ms, _ in imports)
    ratio = import_ms / statistics.median(aiohttp_ms)
    machinery = sorted({name for _, found in imports if found != "-" for name in found.split(",")})
    calls = [probe(FIRST_CALL_PROBE % contact) for _ in range(runs)]
    first_ms = statistics.median(float(first) for first, _ in calls)
    second_ms = statistics.median(float(second) for _, second in calls)
    return [
        Figure(
            SECTION,
            "import zbooks_async (fresh process) / import aiohttp alone",
            round(ratio, 2),
            "x",
            f"< {IMPORT_TARGET_RATIO:g}",
            ratio < IMPORT_TARGET_RATIO,
            f"{import_ms:.0f} ms against {statistics.median(aiohttp_ms):.0f} ms; median of {runs}",
        ),
        Figure(
            SECTION,
            "  test machinery imported with it",
            len(machinery),
            "modules",
            "0",
            not machinery,
            ", ".join(machinery) or "neither unittest.mock nor aiohttp.test_utils",
        ),
        Figure(
            SECTION,
            "first typed call: parse + structure one contact (fresh process)",
            round(first_ms, 2),
            "ms",
            f"< {FIRST_CALL_TARGET_MS:.0f}",
            first_ms < FIRST_CALL_TARGET_MS,
            f"the second takes {second_ms * 1000:.0f} us; median of {runs}",
        ),
    ]
