"""Bulk failures: peak RSS of a 100,000-row contacts import whose every row Zoho refuses.

Each row is sent and refused by the sandbox (400, an unknown ``currency_id``), so every item
of the run ends ``failed`` with a ``ValidationError`` raised deep in the pipeline. The report
keeps each failure's type, message and row, not its traceback (whose frames would keep every
local of the failed call alive: ~7.5 KB a row, 940 MB for 100,000). The import runs in a
fresh child process (this file run as a script), so the figure is that of the import alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = str(Path(__file__).resolve())
HERE = Path(SCRIPT).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess  # noqa: E402
from memory import peak_rss_mb  # noqa: E402  (VmHWM: ru_maxrss would report the parent's peak)

SECTION = "bulk"
ROWS = 100_000
TARGET_MB = 150.0


async def run_import(url: str, path: Path) -> dict[str, float]:
    from zbooks_async import ZohoBooks
    from zbooks_async.cli.contacts_io import ContactImport

    async with ZohoBooks(
        organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=url, rate_limit=None
    ) as books:
        before = peak_rss_mb()
        started = time.perf_counter()
        report = await ContactImport(path).run(books)
        seconds = time.perf_counter() - started
        peak = peak_rss_mb()
    written = report.write_jsonl(path.with_suffix(".report.jsonl"))
    return {
        "rows": report.total,
        "failed": report.failed,
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
        "report_mb": written.stat().st_size / 1e6,
    }


async def measure(quick: bool = False) -> list[Figure]:
    rows = ROWS // 10 if quick else ROWS
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refused.jsonl"
        with path.open("w") as handle:
            for n in range(rows):
                handle.write(json.dumps({"contact_name": f"Refused {n:06d}", "currency_id": "999"}) + "\n")
        async with SandboxProcess() as sandbox:
            argv = [SCRIPT, "--url", sandbox.api, "--file", str(path)]
            piped = asyncio.subprocess.PIPE
            child = await asyncio.create_subprocess_exec(sys.executable, *argv, stdout=piped)
            out, _ = await child.communicate()
    name = f"peak RSS of a {rows}-row import, every row refused"
    if child.returncode != 0:
        return [Figure(SECTION, name, None, note=f"child exited {child.returncode}")]
    result = json.loads(out)
    peak = result["peak_rss_mb"]
    return [
        Figure(
            SECTION,
            name,
            round(peak, 1),
            "MB",
            f"< {TARGET_MB:.0f}",
            peak < TARGET_MB and result["failed"] == rows,
            f"{result['failed']:.0f} failed; {result['rss_before_mb']:.1f} MB before; "
            f"report {result['report_mb']:.1f} MB; {result['rows'] / result['seconds']:.0f} rows/s",
        )
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--file", type=Path, required=True)
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(run_import(arguments.url, arguments.file))))
