"""Sandbox seeding: 100,000 realistic contacts (moved here from the test suite, where a timed
assertion failed on a loaded machine)."""

from __future__ import annotations

import time

from common import Figure

from zbooks_async.sandbox import Sandbox, SandboxConfig

SECTION = "seed"
CONTACTS = 100_000
TARGET_SECONDS = 10.0


def measure(quick: bool = False) -> list[Figure]:
    count = CONTACTS // 10 if quick else CONTACTS
    started = time.perf_counter()
    sandbox = Sandbox(SandboxConfig(seed_contacts=count))
    seconds = time.perf_counter() - started
    seeded = len(sandbox.organization().contacts)
    target = TARGET_SECONDS * count / CONTACTS
    return [
        Figure(
            SECTION,
            f"seed {count} sandbox contacts",
            round(seconds, 2),
            "s",
            f"< {target:g}",
            seconds < target and seeded == count,
            f"{seeded} contacts stored",
        )
    ]
