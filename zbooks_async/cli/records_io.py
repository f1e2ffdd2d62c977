"""``zbooks records import MODULE FILE`` and ``zbooks records export MODULE``: any module's records
to and from JSON lines.

    zbooks records import invoices invoices.jsonl [--dry-run] [--checkpoint run.ckpt]
    zbooks records export items --out items.jsonl [--since 2026-03-01T00:00:00+0000 | --since 2026-03-01]

Each line of an import is one record's fields, named as Zoho's document names them: a line with
the record's id (``invoice_id`` for invoices) updates that record, any other line creates one.
Lines are checked against the documented fields before anything is sent; a bad line fails alone
and is listed in the report. Exit codes: 0 all done, 1 some lines failed or were not done, 2
usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from .. import jsoncodec
from ..bulk import BulkProgress, BulkReport, run_bulk
from ..bulk.records import creatable, create_or_update, record_id_field
from ..client import ZohoBooks
from ..converter import unstructure
from ..errors import ZohoBooksError
from ..fields import prepare
from ..registry import operations_by_name
from . import connection, contacts_io

USAGE_ERROR = 2
SOME_FAILED = 1


class BadLine(ValueError):
    """A line of the input that is not a JSON object."""


def register(subcommands: Any) -> None:
    """Add ``records import`` and ``records export``."""
    records = subcommands.add_parser("records", help="import or export any module's records (JSON lines)")
    actions = records.add_subparsers(dest="records_action", metavar="ACTION")
    load = actions.add_parser("import", help="create or update records of a module from a .jsonl file")
    load.add_argument("module", help="the session attribute of the module, e.g. invoices, items, bills")
    load.add_argument("file", type=Path, help="one JSON object of fields per line")
    load.add_argument("--dry-run", action="store_true", help="check every line and say what would be done")
    load.add_argument("--checkpoint", type=Path, help="log of finished lines: re-run with it to resume")
    load.add_argument("--report", type=Path, help="where to write the report (JSON lines)")
    load.add_argument("--concurrency", type=int, default=10, help="requests in flight (default 10)")
    load.add_argument("--no-progress", action="store_true", help="no progress bar")
    connection.add_arguments(load)
    load.set_defaults(handler=run_import)
    export = actions.add_parser("export", help="write a module's records to a .jsonl file")
    export.add_argument("module", help="the session attribute of the module, e.g. invoices")
    export.add_argument("--out", type=Path, required=True, help="file to write (.jsonl)")
    export.add_argument(
        "--since",
        help="only records modified at or after this time (an ISO timestamp with an offset, or a date "
        "for its midnight UTC; modules with changed_since)",
    )
    connection.add_arguments(export)
    export.set_defaults(handler=run_export)
    records.set_defaults(handler=lambda args: _usage(records))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return USAGE_ERROR


def read_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line number, record or BadLine)`` for every non-blank line of ``path``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = jsoncodec.loads(raw)
            except (ValueError, RecursionError) as exc:
                yield number, BadLine(f"line {number} is not JSON: {exc}")
                continue
            yield number, record if isinstance(record, dict) else BadLine(f"line {number} is not an object")


def dry_run(module: str, path: Path) -> tuple[dict[str, int], list[str]]:
    """What an import would do, line by line, without a request: counts and problems."""
    names = operations_by_name()
    id_field = record_id_field(module) if f"{module}.update" in names else None
    counts = {"would create": 0, "would update": 0, "failed": 0}
    problems: list[str] = []
    for number, record in read_lines(path):
        try:
            if isinstance(record, BadLine):
                raise record
            fields = dict(record)
            target = "update" if id_field and fields.pop(id_field, None) is not None else "create"
            operation = names[f"{module}.{target}"]
            if operation.inputs:  # hand-written modules (contacts) check at the call instead
                prepare(operation, fields)
            counts[f"would {target}"] += 1
        except (TypeError, ValueError) as exc:
            counts["failed"] += 1
            problems.append(f"line {number}: {exc}")
    return counts, problems


def _check_module(module: str) -> None:
    if module not in creatable():
        choices = ", ".join(creatable())
        raise connection.UsageError(f"no module {module!r} with a create; choose one of: {choices}")


def run_import(args: argparse.Namespace) -> int:
    """``zbooks records import``."""
    try:
        _check_module(args.module)
        if not args.file.is_file():
            raise connection.UsageError(f"no such file: {args.file}")
        if args.dry_run:
            counts, problems = dry_run(args.module, args.file)
            for problem in problems[:20]:
                print(problem, file=sys.stderr)
            print(", ".join(f"{count} {what}" for what, count in counts.items()))
            return SOME_FAILED if problems else 0
        link = connection.connection_from(args)
    except connection.UsageError as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    job = RecordsImport(args.module, args.file, args.checkpoint, args.concurrency)
    report_path = args.report or args.file.with_name(args.file.stem + ".report.jsonl")
    return contacts_io.run_job(
        link, job.run, job, "import", None, args.no_progress, report_path, job.resume_hint
    )


@attrs.define
class RecordsImport:
    """One ``records import``: every line of ``path`` created or updated, with its live report."""

    module: str
    path: Path
    checkpoint: Path | None = None
    concurrency: int = 10
    on_progress: Callable[[BulkProgress], None] | None = None
    report: BulkReport = attrs.field(factory=BulkReport)

    async def run(self, books: ZohoBooks) -> BulkReport:
        """Apply every line; returns the report (also kept in ``report`` while it runs)."""
        async with run_bulk(
            books,
            read_lines(self.path),
            _line_operation(self.module),
            key=lambda line: f"line {line[0]}",
            checkpoint=self.checkpoint,
            concurrency=self.concurrency,
            on_progress=self.on_progress,
        ) as run:
            self.report = run.report
            await run.complete()
        return self.report

    def resume_hint(self) -> str:
        """What to do after Ctrl-C: creates are not matched, so only a checkpoint resumes safely."""
        if self.checkpoint is not None:
            return "run the same command to resume"
        return "lines already done would be created again: rerun with --checkpoint next time"


def _line_operation(module: str) -> Any:
    apply = create_or_update(module)

    async def run_line(books: ZohoBooks, line: tuple[int, Any]) -> Any:
        record = line[1]
        if isinstance(record, BadLine):
            raise record
        return await apply(books, record)

    return run_line


def run_export(args: argparse.Namespace) -> int:
    """``zbooks records export``."""
    try:
        names = operations_by_name()
        if f"{args.module}.list" not in names:
            modules = sorted({name.split(".")[0] for name in names if name.endswith(".list")})
            choices = ", ".join(modules)
            raise connection.UsageError(f"no module {args.module!r} with a list; choose one of: {choices}")
        # A timestamp with an offset, or a date meaning midnight UTC, as in ``zbooks contacts export``.
        since: datetime | None = contacts_io.parse_since(args.since) if args.since else None
        link = connection.connection_from(args)
    except (connection.UsageError, ValueError) as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    written = 0

    async def main() -> None:
        nonlocal written
        async with connection.open_session(link) as books:
            resource = getattr(books, args.module)
            if since is not None and not hasattr(resource, "changed_since"):
                raise connection.UsageError(f"books.{args.module} cannot read changes since a time")
            records = resource.changed_since(since) if since is not None else resource.list()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            with args.out.open("wb") as out:
                async for record in records:
                    out.write(jsoncodec.dumps(unstructure(record)) + b"\n")
                    written += 1

    try:
        asyncio.run(main())
    except connection.UsageError as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except (ZohoBooksError, OSError) as exc:
        print(f"zbooks: {type(exc).__name__}: {exc} ({written} records written)", file=sys.stderr)
        return SOME_FAILED
    print(f"{written} {args.module} records written to {args.out}")
    return 0

