"""Bulk: a 10,000-contact import at the sandbox's (scaled) limits, interrupted and resumed.

The sandbox enforces Zoho's rules on a clock 120 times faster (100 requests per 0.5 s, 10 in
flight; no daily budget, which a 10,000-row import on a 10,000-call plan would exhaust). The
import is cancelled once 5,000 rows are done, then run again with the same checkpoint.
Measured: achieved rate over allowed rate, 429 answers, and whether every row is accounted for
with nothing finished sent twice.

The client keeps a 5% margin on the window (25 ms) instead of the default 1%: what the margin
absorbs is the scheduling jitter between the client admitting a request and the server
counting it, a few milliseconds however short the window, and 1% of a 0.5 s window is 5 ms
(1% of Zoho's real 60 s window is 600 ms).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path

import bulk_failures
from common import ORGANIZATION_ID, TOKEN, Figure, SandboxProcess

from zbooks_async import RateLimit, ZohoBooks
from zbooks_async.bulk import BulkProgress
from zbooks_async.cli.contacts_io import ContactImport

SECTION = "bulk"
ROWS = 10_000
REQUESTS, WINDOW, IN_FLIGHT, MARGIN = 100, 0.5, 10, 0.05


async def measure(quick: bool = False) -> list[Figure]:
    """The resumed import's figures, then the peak RSS of an import whose every row fails."""
    return [*await measure_resumed_import(quick), *await bulk_failures.measure(quick)]


async def measure_resumed_import(quick: bool = False) -> list[Figure]:
    rows = ROWS // 10 if quick else ROWS
    stop_at = rows // 2
    limit = RateLimit(requests=REQUESTS, period=WINDOW, concurrency=IN_FLIGHT, margin=MARGIN)
    async with SandboxProcess(
        limits=True,
        record_requests=True,
        requests_per_window=REQUESTS,
        window_seconds=WINDOW,
        max_in_flight=IN_FLIGHT,
        daily_budget=0,
    ) as sandbox:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "contacts.jsonl"
            path.write_text(
                "".join(
                    json.dumps({"contact_name": f"Bulk Customer {n:06d}", "contact_type": "customer"}) + "\n"
                    for n in range(rows)
                )
            )
            checkpoint = Path(folder) / "import.checkpoint"
            async with ZohoBooks(
                organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=sandbox.api, rate_limit=limit
            ) as books:

                def interrupt(progress: BulkProgress) -> None:
                    if progress.done == stop_at:
                        first_task.cancel()

                first = ContactImport(path, checkpoint=checkpoint, on_progress=interrupt)
                started = time.perf_counter()
                first_task = asyncio.create_task(first.run(books))
                try:
                    await first_task
                except asyncio.CancelledError:
                    pass
                first_seconds = time.perf_counter() - started
                before = await sandbox.stats()
                finished = {
                    entry["key"]
                    for entry in map(json.loads, checkpoint.read_text().splitlines()[1:])
                    if entry["outcome"] == "succeeded"
                }

                second = ContactImport(path, checkpoint=checkpoint)
                started = time.perf_counter()
                report = await second.run(books)
                second_seconds = time.perf_counter() - started
            after = await sandbox.stats()
            report_path = Path(folder) / "contacts.report.jsonl"
            report.write_jsonl(report_path)
            stored = len((await sandbox.admin("GET", "/contacts"))["contacts"])

    sent_again = {
        (request.get("body") or {}).get("contact_name")
        for request in after["requests"][len(before["requests"]) :]
        if request["method"] in ("POST", "PUT")
    }
    redone = len(finished & sent_again)
    throttled = sum(after["throttled_by_code"].values())
    achieved = after["total_requests"] / (first_seconds + second_seconds)
    allowed = REQUESTS / WINDOW
    accounted = report.total == rows and report.ok and stored == rows
    return [
        Figure(
            SECTION,
            f"{rows}-row import, cut at {stop_at} and resumed: achieved / allowed rate",
            round(achieved / allowed, 3),
            "x",
            "<= 1, close to it",
            0.9 <= achieved / allowed <= 1.0,
            f"{achieved:.0f} of {allowed:.0f} requests/s over {after['total_requests']} requests "
            f"in {first_seconds + second_seconds:.1f} s",
        ),
        Figure(
            SECTION,
            "  429 answers",
            throttled,
            "",
            "0",
            throttled == 0,
            str(after["throttled_by_code"] or ""),
        ),
        Figure(
            SECTION,
            "  rows accounted for after resuming",
            report.total,
            f"of {rows}",
            "all",
            accounted,
            f"{report.summary()}; {stored} contacts stored; run one finished {len(finished)}",
        ),
        Figure(SECTION, "  finished rows sent again by the resumed run", redone, "", "0", redone == 0),
    ]
