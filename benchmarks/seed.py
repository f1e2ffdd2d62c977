"""Sandbox seeding: 100,000 realistic contacts (moved here from the test suite, where a timed
assertion failed on a loaded machine). Seeded in a child process, so the 100,000 contacts
neither stay in the benchmark runner's memory nor count in the peak RSS of later sections."""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, Figure

SECTION = "seed"
CONTACTS = 100_000
TARGET_SECONDS = 10.0

PROBE = """
import time
from zbooks_async.sandbox import Sandbox, SandboxConfig
started = time.perf_counter()
sandbox = Sandbox(SandboxConfig(seed_contacts=%d))
print(time.perf_counter() - started, len(sandbox.organization().contacts))
"""


def measure(quick: bool = False) -> list[Figure]:
    count = CONTACTS // 10 if quick else CONTACTS
    result = subprocess.run(
        [sys.executable, "-c", PROBE % count], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seconds_text, seeded_text = result.stdout.split()
    seconds, seeded = float(seconds_text), int(seeded_text)
    target = TARGET_SECONDS * count / CONTACTS
    return [
        Figure(
            SECTION,
            f"seed {count} sandbox contacts",
            round(seconds, 2),
            "s",
            f"< {target:g}",
            seconds < target and seeded == count,
            f"{seeded} contacts stored (in a child process)",
        )
    ]
