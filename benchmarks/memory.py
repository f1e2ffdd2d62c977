"""Memory: peak RSS of a process that iterates 100,000 contacts from the sandbox.

The iteration runs in a fresh child process (this file run as a script) so the figure is that
of a program doing only this, not of the benchmark runner.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path

SCRIPT = str(Path(__file__).resolve())
HERE = Path(SCRIPT).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess  # noqa: E402

SECTION = "memory"
CONTACTS = 100_000
TARGET_MB = 150.0


def peak_rss_mb() -> float:
    """The process's peak resident set size so far.

    Linux's VmHWM where there is one: ``ru_maxrss`` survives ``exec``, so a child started by a
    big parent would report the parent's peak (the runner's, after other sections) as its own.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def iterate(url: str) -> dict[str, float]:
    from zbooks_async import ZohoBooks

    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=url, rate_limit=None
    ) as books:
        before = peak_rss_mb()
        started = time.perf_counter()
        count = 0
        async for contact in books.contacts.list():
            count += 1 if contact.contact_id else 0
        return {
            "contacts": count,
            "seconds": time.perf_counter() - started,
            "rss_before_mb": before,
            "peak_rss_mb": peak_rss_mb(),
        }


async def measure(quick: bool = False) -> list[Figure]:
    count = CONTACTS // 10 if quick else CONTACTS
    async with SandboxProcess(seed_contacts=count) as sandbox:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            SCRIPT,
            "--url",
            sandbox.api,
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await child.communicate()
    if child.returncode != 0:
        return [
            Figure(
                SECTION, f"peak RSS iterating {count} contacts", None, note=f"child exited {child.returncode}"
            )
        ]
    result = json.loads(out)
    peak = result["peak_rss_mb"]
    return [
        Figure(
            SECTION,
            f"peak RSS iterating {result['contacts']} contacts (200 a page)",
            round(peak, 1),
            "MB",
            f"< {TARGET_MB:.0f}",
            peak < TARGET_MB,
            f"{result['rss_before_mb']:.1f} MB before the first page; "
            f"{result['contacts'] / result['seconds']:.0f} contacts/s",
        )
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    print(json.dumps(asyncio.run(iterate(parser.parse_args().url))))
