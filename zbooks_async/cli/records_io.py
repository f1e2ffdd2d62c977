"""``zbooks records import MODULE FILE`` and ``zbooks records export MODULE``: any module's records
to and from JSON lines or CSV.

    zbooks records import invoices invoices.jsonl [--dry-run] [--checkpoint run.ckpt]
    zbooks records export items --out items.csv [--since 2026-03-01T00:00:00+0000 | --since 2026-03-01]

Each row of an import is one record's fields, named as Zoho's document names them: a row with
the record's id (``invoice_id`` for invoices) updates that record, any other row creates one.
Fields the documents give only in answers (``status``, ``created_time``...) are left out, so an
unchanged export imports again; a field neither writable nor in the answers fails its row.
Rows are checked before anything is sent, by the same code a real run sends them through, so a
dry run fails exactly the rows a real run would. A checkpoint knows each row by its content (or
by its natural key, a contact's name), never by its line: rows may be edited, removed or moved
between runs. Exit codes: 0 all done, 1 some rows failed or were not done, 2 usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import importlib
import json
import sys
import typing
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..bulk import NATURAL_KEYS, BulkProgress, BulkReport, CheckpointError, ReportEntry, run_bulk
from ..bulk.checkpoint import claim
from ..bulk.records import creatable, create_or_update, record_id_field
from ..bulk.resolving import name_key
from ..client import ZohoBooks
from ..converter import structure
from ..endpoints.base import item
from ..endpoints.generated import model_class
from ..errors import MalformedResponseError, ZohoBooksError
from ..jsoncodec import dumps as encode_json
from ..models.common import PageContext
from ..operations import Operation
from ..pagination import Page, Paginator
from ..pipeline.values import JsonBody, Request, Response
from ..registry import all_operations, operations_by_name
from ..serialization import to_dict
from ..transport.aiohttp_transport import encoded_url
from . import connection, contacts_io
from .contact_files import ContactRow, RecordWriter, cell_value, file_format, read_rows

USAGE_ERROR = 2
SOME_FAILED = 1


def register(subcommands: Any) -> None:
    """Add ``records import`` and ``records export``."""
    records = subcommands.add_parser(
        "records", help="import or export any module's records (JSON lines or CSV)"
    )
    actions = records.add_subparsers(dest="records_action", metavar="ACTION")
    load = actions.add_parser(
        "import", help="create or update records of a module from a .jsonl or .csv file"
    )
    load.add_argument("module", help="the session attribute of the module, e.g. invoices, items, bills")
    load.add_argument("file", type=Path, help="one record's fields per line (.jsonl, .json) or row (.csv)")
    load.add_argument("--dry-run", action="store_true", help="check every row and say what would be done")
    load.add_argument("--checkpoint", type=Path, help="log of finished rows: re-run with it to resume")
    load.add_argument("--report", type=Path, help="where to write the report (JSON lines)")
    load.add_argument("--concurrency", type=int, default=10, help="requests in flight (default 10)")
    load.add_argument("--no-progress", action="store_true", help="no progress bar")
    connection.add_arguments(load)
    load.set_defaults(handler=run_import)
    export = actions.add_parser("export", help="write a module's records to a .jsonl or .csv file")
    export.add_argument("module", help="the session attribute of the module, e.g. invoices")
    export.add_argument(
        "--out", type=Path, required=True, help="file to write: .jsonl or .json (JSON lines) or .csv"
    )
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


# -- what a module's rows may hold ------------------------------------------------------------


@attrs.frozen
class ModuleFields:
    """What the documents say a module's rows hold: the fields its create and update take, and
    the fields its answers carry (read-only where no request takes them)."""

    module: str
    id_field: str | None
    writable: dict[str, frozenset[str]]  # "create" / "update" -> the keywords it takes
    answered: frozenset[str]
    cells: dict[str, Any]  # column -> the type a CSV cell is read as

    def target(self, fields: dict[str, Any]) -> str:
        """``update`` for a row holding the record's id, else ``create``."""
        if self.id_field is not None and fields.get(self.id_field) is not None:
            return "update"
        return "create"

    def sendable(self, fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The row without the fields only answers carry (its id stays: it picks the record),
        and the names left out.

        Left out: what the request does not take but this module's answers carry, or (for
        fields Zoho sends beyond its documents, such as an item's ``created_time``) what any
        module's answers carry, or a ``*_formatted`` twin (Zoho writes those beside every amount,
        date and code, far beyond its documents: tests/data/real/). Any other field stays, so the
        call refuses it by name.
        """
        target = self.target(fields)
        keep = self.writable[target]
        if target == "update" and self.id_field is not None:
            keep = keep | {self.id_field}
        send: dict[str, Any] = {}
        left_out: list[str] = []
        for name, value in fields.items():
            answer_only = name.endswith("_formatted") or name in self.answered
            if name in keep or not (answer_only or name in answered_anywhere()):
                send[name] = value
            else:
                left_out.append(name)
        return send, left_out

    def read_cell(self, column: str, cell: str) -> Any:
        """A CSV cell as its column's documented type (money as Decimal, never a float)."""
        return cell_value(cell, self.cells.get(column))


@functools.cache
def module_fields(module: str) -> ModuleFields:
    """The fields of ``module``'s rows, from its operations (the documents and the overlay)."""
    names = operations_by_name()
    id_field = record_id_field(module) if f"{module}.update" in names else None
    writable: dict[str, frozenset[str]] = {}
    cells: dict[str, Any] = {}
    for target in ("update", "create"):  # create last: its types win where both document one
        operation = names.get(f"{module}.{target}")
        if operation is None:
            continue
        keywords = _keyword_types(operation)
        writable[target] = frozenset(keywords)
        cells.update(keywords)
    answered: set[str] = set()
    for action in ("get", "list", "create", "update"):
        operation = names.get(f"{module}.{action}")
        if operation is not None and operation.model is not None:
            answered.update(a.name for a in attrs.fields(model_class(operation)) if a.name != "extra")
    return ModuleFields(module, id_field, writable, frozenset(answered), cells)


@functools.cache
def answered_anywhere() -> frozenset[str]:
    """Every field name a documented answer of any module carries (read on first need: it
    imports every module's models, about a second)."""
    names: set[str] = set()
    for operation in all_operations():
        if operation.model is not None:
            model = model_class(operation)
            if attrs.has(model):
                names.update(a.name for a in attrs.fields(model))
    names.discard("extra")
    return frozenset(names)


_SPEC_TYPES: dict[str, Any] = {"money": Decimal, "int": int, "bool": bool}


def _keyword_types(operation: Operation) -> dict[str, Any]:
    """Keyword -> the type a CSV cell for it is read as."""
    if operation.inputs:
        return {
            name: _SPEC_TYPES.get(entry[2], object) if isinstance(entry[2], str) else object
            for name, entry in operation.inputs.items()
        }
    if operation.fields is not None:  # a hand-written module: a TypedDict types its keywords
        where, _, name = operation.fields.rpartition(":")
        return dict(typing.get_type_hints(getattr(importlib.import_module(where), name)))
    return {}


# -- rows and their identity -------------------------------------------------------------------


@attrs.frozen
class ImportRow:
    """A row of the file: where it is, its fields or its problem, and the key a checkpoint
    knows it by (its content, or its natural key), which survives edits elsewhere in the file."""

    line: int
    fields: dict[str, Any]
    problem: str | None
    key: str


def import_rows(module: str, path: Path, *, unique: bool = False) -> Iterator[ImportRow]:
    """The file's rows with their keys. ``unique``: a row whose key an earlier row has fails
    (a checkpoint could not tell them apart)."""
    table = module_fields(module)
    first_line: dict[str, int] = {}
    for row in read_rows(path, cell=table.read_cell):
        key = row_key(table, row)
        first = first_line.setdefault(key, row.line) if unique and not row.problem else row.line
        if first != row.line:
            problem = (
                f"line {row.line} is the same record as line {first} (key {key}): with --checkpoint "
                "each row must differ, so a resumed run can tell them apart"
            )
            yield ImportRow(row.line, row.fields, problem, f"line {row.line} (repeats line {first})")
            continue
        yield ImportRow(row.line, row.fields, row.problem, key)


def row_key(table: ModuleFields, row: ContactRow) -> str:
    """A create whose module has a natural key is known by it (``contact_name=bowman and co``);
    any other row by a digest of its content. A row that cannot be read, by its line."""
    if row.problem:
        return f"line {row.line}"
    natural = NATURAL_KEYS.get(f"{table.module}.create")
    if natural is not None and table.target(row.fields) == "create":
        value = row.fields.get(natural.field)
        if isinstance(value, str) and value.strip():
            return f"{natural.field}={name_key(value)}"
    canonical = json.dumps(row.fields, sort_keys=True, separators=(",", ":"), default=_canonical)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}  # the digits as written: 1.50 and 1.5 are other rows
    raise TypeError(f"cannot key a row holding a {type(value).__name__}")


def row_operation(module: str, left_out: set[str] | None = None) -> Callable[[ZohoBooks, ImportRow], Any]:
    """What one row does: fail with its problem, or create or update its record.

    The names of answer-only fields left out of a row are added to ``left_out``.
    """
    apply = create_or_update(module)
    table = module_fields(module)

    async def run_row(books: ZohoBooks, row: ImportRow) -> Any:
        if row.problem:
            raise ValueError(row.problem)
        fields, dropped = table.sendable(row.fields)
        if left_out is not None:
            left_out.update(dropped)
        return await apply(books, fields)

    return run_row


# -- the dry run -------------------------------------------------------------------------------


class WouldSend(Exception):
    """The request a dry run built, checked and encoded, and did not send."""

    def __init__(self, request: Request) -> None:
        super().__init__(f"{request.method} {request.path}")
        self.method = request.method


class RehearsalTransport:
    """A transport that encodes each request as the real one does, then stops it unsent."""

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        """Encode the URL and body (so what cannot be sent fails here too), then raise WouldSend."""
        encoded_url(request)
        if isinstance(request.body, JsonBody):
            encode_json(request.body.data)
        raise WouldSend(request)

    async def close(self) -> None:
        """Nothing to release."""


async def dry_run(
    module: str, path: Path, *, unique: bool = False, left_out: set[str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """What an import would do, row by row, sending nothing: counts and problems.

    Each row goes through the session, checks and encoding a real run uses; only the transport
    differs, so a row the real run would refuse before sending fails here too. ``unique``: as
    with a checkpoint, a row repeating an earlier one fails.
    """
    counts = {"would create": 0, "would update": 0, "failed": 0}
    problems: list[str] = []
    operation = row_operation(module, left_out)
    session = ZohoBooks(
        organization_id="1", access_token="dry-run", transport=RehearsalTransport(), rate_limit=None
    )
    async with session:
        for row in import_rows(module, path, unique=unique):
            try:
                await operation(session, row)
            except WouldSend as sent:
                counts["would update" if sent.method in ("PUT", "PATCH") else "would create"] += 1
            except Exception as exc:  # whatever the real run would fail the row with
                counts["failed"] += 1
                problems.append(f"line {row.line}: {exc}" if not str(exc).startswith("line ") else str(exc))
    return counts, problems


# -- import ------------------------------------------------------------------------------------


def _check_module(module: str) -> None:
    if module not in creatable():
        choices = ", ".join(creatable())
        raise connection.UsageError(f"no module {module!r} with a create; choose one of: {choices}")


def checkpoint_scope(module: str) -> dict[str, str]:
    """What a records import's checkpoint is of: its keys mean rows of this module only."""
    return {"command": "records import", "module": module, "rows": "content or natural key"}


def run_import(args: argparse.Namespace) -> int:
    """``zbooks records import``."""
    try:
        _check_module(args.module)
        file_format(args.file)
        if not args.file.is_file():
            raise connection.UsageError(f"no such file: {args.file}")
        if args.checkpoint is not None:
            # Refuse another run's checkpoint now, before connecting (and in a dry run too).
            claim(args.checkpoint, checkpoint_scope(args.module), create=False)
        if args.dry_run:
            left_out: set[str] = set()
            counts, problems = asyncio.run(
                dry_run(args.module, args.file, unique=args.checkpoint is not None, left_out=left_out)
            )
            for problem in problems[:20]:
                print(problem, file=sys.stderr)
            _say_left_out(left_out)
            print(", ".join(f"{count} {what}" for what, count in counts.items()))
            return SOME_FAILED if problems else 0
        link = connection.connection_from(args)
    except (connection.UsageError, CheckpointError, ValueError) as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    job = RecordsImport(args.module, args.file, args.checkpoint, args.concurrency)
    report_path = args.report or args.file.with_name(args.file.stem + ".report.jsonl")
    code = contacts_io.run_job(
        link,
        job.run,
        job,
        "import",
        None,
        args.no_progress,
        report_path,
        job.resume_hint,
        describe=_row_label,
    )
    _say_left_out(job.left_out)
    return code


def _say_left_out(names: set[str]) -> None:
    if names:
        shown = ", ".join(sorted(names))
        print(
            f"left out as answer-only (Zoho sets them; the request does not take them): {shown}",
            file=sys.stderr,
        )


def _row_label(entry: ReportEntry) -> str:
    return f"line {entry.item.line}" if isinstance(entry.item, ImportRow) else entry.key


@attrs.define
class RecordsImport:
    """One ``records import``: every row of ``path`` created or updated, with its live report."""

    module: str
    path: Path
    checkpoint: Path | None = None
    concurrency: int = 10
    on_progress: Callable[[BulkProgress], None] | None = None
    report: BulkReport = attrs.field(factory=BulkReport)
    left_out: set[str] = attrs.field(factory=set)

    async def run(self, books: ZohoBooks) -> BulkReport:
        """Apply every row; returns the report (also kept in ``report`` while it runs)."""
        if self.checkpoint is not None:
            await asyncio.to_thread(claim, self.checkpoint, checkpoint_scope(self.module))
        async with run_bulk(
            books,
            import_rows(self.module, self.path, unique=self.checkpoint is not None),
            row_operation(self.module, self.left_out),
            key=lambda row: row.key,
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
        return "rows already done would be created again: rerun with --checkpoint next time"


# -- export ------------------------------------------------------------------------------------


@attrs.define
class RecordsExport:
    """One ``records export``: a module's records written to ``out`` in the format its extension
    names. Lists Zoho pages are walked page by page; lists it answers at once are read whole."""

    module: str
    out: Path
    since: datetime | None = None
    read: int = 0
    written: int = 0

    async def run(self, books: ZohoBooks) -> None:
        """Write every record (through ``out.part``: a failed export leaves ``out`` as it was)."""
        operation = operations_by_name()[f"{self.module}.list"]
        columns = [a.name for a in attrs.fields(model_class(operation)) if a.name != "extra"]
        with RecordWriter(self.out, columns, more_columns=True) as writer:
            async for record in self._records(books, operation):
                self.read += 1
                writer.write_record(record)
        self.written = writer.written

    async def _records(self, books: ZohoBooks, operation: Operation) -> AsyncIterator[dict[str, Any]]:
        resource = getattr(books, self.module)
        if self.since is not None and not hasattr(resource, "changed_since"):
            raise connection.UsageError(f"books.{self.module} cannot read changes since a time")
        if operation.shape == "page":
            listing = resource.changed_since(self.since) if self.since is not None else resource.list()
            async for record in listing:
                yield to_dict(record)
            return
        # The operation's data says Zoho answers this list in one piece: its records are written
        # as Zoho sent them. Should the answer say more pages follow, they are walked too.
        first = await books.send(operation)
        for record in _records_of(operation, first):
            yield record
        if not _page_context(first).has_more_page:
            return

        async def fetch(number: int, size: int) -> Page[dict[str, Any]]:
            response = await books.send(operation, query={"page": number, "per_page": size})
            return Page(_records_of(operation, response), _page_context(response))

        async for record in Paginator(fetch, page=2):
            yield record


def _records_of(operation: Operation, response: Response) -> list[dict[str, Any]]:
    found = item(response, operation.key or "")
    records = found if isinstance(found, list) else [found]
    for record in records:
        if not isinstance(record, dict):
            raise MalformedResponseError(
                f"{operation.name} answered a {type(record).__name__} where a record belongs"
            )
    return records


def _page_context(response: Response) -> PageContext:
    return structure((response.data or {}).get("page_context") or {}, PageContext)


def run_export(args: argparse.Namespace) -> int:
    """``zbooks records export``."""
    try:
        names = operations_by_name()
        if f"{args.module}.list" not in names:
            modules = sorted({name.split(".")[0] for name in names if name.endswith(".list")})
            choices = ", ".join(modules)
            raise connection.UsageError(f"no module {args.module!r} with a list; choose one of: {choices}")
        file_format(args.out)
        # The same rule as ``zbooks contacts export``: a missing folder is a usage error.
        contacts_io.check_folder(args.out, "--out")
        # A timestamp with an offset, or a date meaning midnight UTC, as in ``zbooks contacts export``.
        since: datetime | None = contacts_io.parse_since(args.since) if args.since else None
        link = connection.connection_from(args)
    except (connection.UsageError, ValueError) as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    job = RecordsExport(args.module, args.out, since)

    async def main() -> None:
        async with connection.open_session(link) as books:
            await job.run(books)

    try:
        asyncio.run(main())
    except connection.UsageError as exc:
        print(f"zbooks: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except (ZohoBooksError, OSError, ValueError) as exc:
        print(
            f"zbooks: {type(exc).__name__}: {exc} ({job.read} records read; {args.out} not written)",
            file=sys.stderr,
        )
        return SOME_FAILED
    print(f"{job.written} {args.module} records written to {args.out}")
    return 0
