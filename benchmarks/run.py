"""Run the zbooks_async benchmarks and print a table of the figures.

    python benchmarks/run.py                 # everything, about 3 minutes
    python benchmarks/run.py --only decode,overhead --json results.json
    python benchmarks/run.py --quick         # smaller counts, a smoke run

Sections: overhead (SDK vs bare aiohttp on the same sandbox, default limiter on and off,
concurrency 64 and 1), multitenant (100 organizations at 300 ms answers, SDK defaults vs
bare aiohttp with an unlimited pool), instructions (the same per call, counted by valgrind, which a busy
machine does not move), decode (parsing and structuring contacts and pages), pagination (a
latency-bound walk with a page fetched ahead), startup (import time, first typed call), seed
(100,000 sandbox contacts), memory (peak RSS iterating 100,000 contacts), bulk (10,000-row
import at the sandbox's scaled limits, interrupted and resumed), peers (zohopy, in its own
virtualenv), limiter (from benchmarks/limiter.py, when present), and live (when a real
organization's budget renews, with the environment of `pytest -m live`). The sandbox runs on
127.0.0.1 in a separate process.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import Figure, not_run  # noqa: E402

SECTIONS = (
    "decode",
    "overhead",
    "multitenant",
    "instructions",
    "pagination",
    "startup",
    "seed",
    "memory",
    "bulk",
    "peers",
    "limiter",
    "live",
)


async def run_section(name: str, quick: bool) -> list[Figure]:
    """Import ``benchmarks/<name>.py`` and run its ``measure``; failures become a row."""
    if name == "limiter" and not (HERE / "limiter.py").exists():
        return [not_run(name, "limiter figures", "benchmarks/limiter.py is not in this checkout")]
    try:
        module = importlib.import_module(name)
        measure: Callable[..., Any] = module.measure
        result = measure(quick=quick) if "quick" in inspect.signature(measure).parameters else measure()
        if inspect.isawaitable(result):
            result = await result
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return [not_run(name, f"{name} benchmark", f"{type(exc).__name__}: {exc}")]
    return [figure for row in _rows(result) for figure in _as_figures(name, row)]


def _rows(result: Any) -> list[Any]:
    if isinstance(result, dict):
        return [{"name": key, "value": value} for key, value in result.items()]
    return list(result)


def _as_figures(section: str, row: Any) -> list[Figure]:
    if isinstance(row, Figure):
        return [row]
    if hasattr(row, "efficiency") and hasattr(row, "scenario"):  # benchmarks/limiter.py's rows
        return [
            Figure(
                section,
                f"{row.scenario} ({row.processes} process{'es' if row.processes > 1 else ''}): "
                "achieved / allowed rate",
                round(row.efficiency, 3),
                "x",
                "<= 1, close to it",
                0.9 <= row.efficiency <= 1.0,
                f"{row.answered} answers in {row.seconds:.1f} s, {row.errors} errors",
            ),
            Figure(section, "  429 answers", row.throttled, "", "0", row.throttled == 0),
        ]
    return [_as_figure(section, row)]


def _as_figure(section: str, row: Any) -> Figure:
    if isinstance(row, dict):
        known = {key: row[key] for key in ("name", "value", "unit", "target", "ok", "note") if key in row}
        return Figure(section=str(row.get("section", section)), **known)
    # Another module's own row type: take the fields it has in common with ours.
    fields = {
        key: getattr(row, key)
        for key in ("name", "value", "unit", "target", "ok", "note")
        if hasattr(row, key)
    }
    return Figure(section=str(getattr(row, "section", section)), **fields)


def render(figures: list[Figure]) -> str:
    header = ("section", "measure", "value", "target", "", "note")
    rows = [header]
    for figure in figures:
        value = "-" if figure.value is None else f"{figure.value:g} {figure.unit}".strip()
        verdict = {True: "ok", False: "MISS", None: ""}[figure.ok]
        rows.append((figure.section, figure.name, value, figure.target, verdict, figure.note))
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    lines = []
    for number, row in enumerate(rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row[:5], widths, strict=True)]
        lines.append("  ".join([*cells, str(row[5])]).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


async def main(sections: list[str], quick: bool) -> tuple[list[Figure], float]:
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in sections:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        figures += await run_section(name, quick)
    return figures, time.perf_counter() - started


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--only", help=f"comma-separated sections of: {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true", help="smaller counts: a smoke run, not a measurement")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    figures, seconds = asyncio.run(main(chosen, args.quick))
    print(render(figures))
    where = f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"\n{len(figures)} figures in {seconds:.0f} s on {where}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "cpus": os.cpu_count(),
                    "quick": args.quick,
                    "seconds": round(seconds, 1),
                    "figures": [figure.to_json() for figure in figures],
                },
                indent=2,
            )
        )
