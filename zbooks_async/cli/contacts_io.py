"""``zbooks contacts export`` and ``zbooks contacts import``: contacts to and from JSONL or CSV.

    zbooks contacts export --out contacts.jsonl [--since 2026-03-01T00:00:00+0000] [--full]
    zbooks contacts import contacts.csv [--match name|number] [--dry-run] [--checkpoint run.ckpt]

Import creates a contact when no contact has the row's name (or number) and updates it
otherwise, so running it twice does not duplicate anything. A name (or number) repeated in the
file fails every row after its first, in a dry run as in a real one, so no contact is written
twice by one file. Both commands run through the bulk runner: at the organization's full
allowed rate, with a progress bar and a report file listing every row that failed or whose
outcome is unknown; the first few failures are printed too. Exit codes: 0 all done, 1 some
items failed or were not done (see the report), 2 usage error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

import attrs

from .._generated.operations.contacts import CREATE, UPDATE
from ..bulk import BulkProgress, BulkReport, CheckpointError, ReportEntry, run_bulk
from ..bulk.checkpoint import claim
from ..bulk.resolving import name_key
from ..client import ZohoBooks
from ..converter import parse_timestamp
from ..errors import ZohoBooksError
from ..fields import prepare
from ..models.contacts import Contact
from ..resources.contacts import FilterBy
from . import connection
from .contact_files import (
    DEFAULT_ENCODING,
    WRITABLE,
    ContactRow,
    ContactWriter,
    check_encoding,
    count_rows,
    file_format,
    read_rows,
)
from .progress import LimiterWatch, Progress

USAGE_ERROR = 2
SOME_FAILED = 1
INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
SHOWN_FAILURES = 5
Match = Literal["name", "number"]
MATCH_FIELDS: dict[Match, str] = {"name": "contact_name", "number": "contact_number"}
# On a contact these describe its primary contact person: used to create one with a new contact.
PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "mobile")
Action = Literal["created", "updated", "would create", "would update"]


def register(subcommands: Any) -> None:
    """Add ``contacts export`` and ``contacts import``."""
    contacts = subcommands.add_parser("contacts", help="export contacts to a file or import them from one")
    actions = contacts.add_subparsers(dest="contacts_action", metavar="ACTION")

    export = actions.add_parser(
        "export",
        help="write contacts to a .jsonl or .csv file",
        description="Write contacts to a .jsonl or .csv file, newest-modified first.",
    )
    export.add_argument("--out", type=Path, required=True, help="file to write (.jsonl or .csv)")
    export.add_argument(
        "--since",
        help="only contacts modified at or after this time: ISO 8601 with an offset "
        "(2026-03-01T09:00:00+0100), or a date (2026-03-01), read as midnight UTC",
    )
    export.add_argument(
        "--full",
        action="store_true",
        help="fetch each contact in full (one request per contact) instead of the list's summary fields",
    )
    export.add_argument("--contact-type", choices=("customer", "vendor"))
    export.add_argument("--filter-by", choices=get_args(FilterBy))
    _add_run_arguments(export)
    export.set_defaults(handler=run_export)

    load = actions.add_parser(
        "import",
        help="create or update contacts from a .jsonl or .csv file",
        description=(
            "Create or update contacts from a .jsonl or .csv file, matched by name or number. "
            "Ids, balances and timestamps in the file are ignored. first_name, last_name, email, "
            "phone and mobile describe the primary contact person: they are used when a contact "
            "is created and left alone on update."
        ),
        epilog="Columns (JSON keys) that can be imported: " + ", ".join(sorted(WRITABLE)) + ".",
    )
    load.add_argument("file", type=Path, help="records to import (.jsonl or .csv)")
    load.add_argument(
        "--match",
        choices=tuple(MATCH_FIELDS),
        default="name",
        help="how a row finds its contact: contact_name (default) or contact_number",
    )
    load.add_argument("--dry-run", action="store_true", help="check every row and say what would change")
    load.add_argument("--checkpoint", type=Path, help="log of finished rows: re-run with it to resume")
    load.add_argument(
        "--redo-unknown",
        action="store_true",
        help="with --checkpoint, try again rows whose outcome an earlier run could not learn",
    )
    load.add_argument(
        "--encoding",
        default=DEFAULT_ENCODING,
        help="the file's text encoding (default utf-8; e.g. cp1252 for some spreadsheet exports)",
    )
    load.add_argument(
        "--no-resolve-unknown",
        dest="resolve_unknown",
        action="store_false",
        help="report a create whose answer was lost as unknown instead of sending it again "
        "(by default it is resent: Zoho refuses a second contact with the name, so that "
        "refusal shows the first attempt was applied)",
    )
    _add_run_arguments(load)
    load.set_defaults(handler=run_import)
    contacts.set_defaults(handler=lambda args: _usage(contacts))


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--concurrency", type=int, default=10, help="requests in flight (default 10)")
    parser.add_argument("--report", type=Path, help="where to write the report (JSON lines)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    connection.add_arguments(parser)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return USAGE_ERROR


@attrs.define
class ContactImport:
    """One import: the rows of ``path`` created or updated, with its live report."""

    path: Path
    match: Match = "name"
    dry_run: bool = False
    checkpoint: Path | None = None
    redo_unknown: bool = False
    concurrency: int = 10
    on_progress: Callable[[BulkProgress], None] | None = None
    encoding: str = DEFAULT_ENCODING
    resolve_unknown: bool = True
    report: BulkReport = attrs.field(factory=BulkReport)
    actions: dict[Action, int] = attrs.field(factory=dict)
    broken_checkpoint: bool = False
    _index: dict[str, str] = attrs.field(factory=dict)
    _ambiguous: set[str] = attrs.field(factory=set)

    async def run(self, books: ZohoBooks) -> BulkReport:
        """Match, then create or update every row; returns the report (also kept in ``report``)."""
        if self.checkpoint is not None and not self.dry_run:
            await asyncio.to_thread(claim, self.checkpoint, checkpoint_scope(self.match))
        if self.match == "name":
            async for contact in books.contacts.list():
                if contact.contact_name and contact.contact_id:
                    name = name_key(contact.contact_name)
                    if self._index.setdefault(name, contact.contact_id) != contact.contact_id:
                        self._ambiguous.add(name)
        field = MATCH_FIELDS[self.match]
        async with run_bulk(
            books,
            self._rows(),
            self._apply,
            key=lambda row: f"line {row.line}" if row.repeats else row.value(field) or f"line {row.line}",
            checkpoint=None if self.dry_run else self.checkpoint,
            concurrency=self.concurrency,
            on_progress=self.on_progress,
            # A row is found by name before it is written, so doing it again updates what a
            # cut-off attempt created instead of creating it twice.
            idempotent=True,
            redo_unknown=self.redo_unknown,
            resolve_unknown=self.resolve_unknown,
        ) as run:
            self.report = run.report
            async for result in run:
                if result.value is not None:
                    self.actions[result.value] = self.actions.get(result.value, 0) + 1
        return self.report

    def _rows(self) -> Iterator[ContactRow]:
        """The file's rows, each repeat of an earlier row's name (or number) failing its row.

        Done on the input, before the checkpoint and the dry run look at it, so a real run, a
        dry run and a resumed run fail the same rows and none writes one contact twice.
        """
        field = MATCH_FIELDS[self.match]
        first_line: dict[str, int] = {}
        for row in read_rows(self.path, self.encoding):
            value = row.value(field)
            if value is None or row.problem:
                yield row
                continue
            match = name_key(value) if self.match == "name" else value.strip()
            first = first_line.setdefault(match, row.line)
            if first == row.line:
                yield row
                continue
            problem = (
                f"line {row.line} repeats the {field} {value.strip()!r} of line {first}: "
                "each contact may appear once in a file (merge the rows)"
            )
            yield attrs.evolve(row, problem=problem, repeats=first)

    async def _apply(self, books: ZohoBooks, row: ContactRow) -> Action:
        if row.problem:
            raise ValueError(row.problem)
        unknown = sorted(set(row.writable_fields()) - WRITABLE)
        if unknown:
            # Short on purpose: it goes into the report once per row.
            hints = [
                f"{name} (did you mean {close[0]}?)" if close else name
                for name in unknown
                for close in [difflib.get_close_matches(name, WRITABLE, n=1)]
            ]
            raise ValueError(
                f"line {row.line}: unknown column(s) {', '.join(hints)}; "
                "`zbooks contacts import --help` lists the known ones"
            )
        match_value = row.value(MATCH_FIELDS[self.match])
        if match_value is None:
            raise ValueError(f"line {row.line} has no {MATCH_FIELDS[self.match]} to match on")
        fields = row.writable_fields()
        person = {name: row.fields[name] for name in PERSON_FIELDS if row.value(name) is not None}
        existing = await self._existing_id(books, match_value)
        if existing is None:
            if person and "contact_persons" not in fields:
                fields["contact_persons"] = [{**person, "is_primary_contact": True}]
            prepare(CREATE, fields)  # the one checker the call itself runs: a dry run predicts it
            if self.dry_run:
                return "would create"
            created = await books.contacts.create(**fields)
            if self.match == "name" and created.contact_id:
                self._index[name_key(match_value)] = created.contact_id
            return "created"
        prepare(UPDATE, fields, {"contact_id": existing})
        if self.dry_run:
            return "would update"
        await books.contacts.update(existing, **fields)
        return "updated"

    async def _existing_id(self, books: ZohoBooks, value: str) -> str | None:
        if self.match == "name":
            name = name_key(value)
            if name in self._ambiguous:
                raise ValueError(
                    f"more than one contact is named {value.strip()!r}: rename one or use --match number"
                )
            return self._index.get(name)
        # The list shows no contact numbers: search, then read the candidates to compare.
        async for candidate in books.contacts.list(search_text=value, per_page=25):
            if candidate.contact_id is None:
                continue
            contact = await books.contacts.get(candidate.contact_id)
            if contact.contact_number == value:
                return candidate.contact_id
        return None


@attrs.define
class ContactExport:
    """One export: contacts written to ``out``, newest-modified first."""

    out: Path
    since: datetime | None = None
    full: bool = False
    filters: dict[str, Any] = attrs.field(factory=dict)
    concurrency: int = 10
    on_progress: Callable[[BulkProgress], None] | None = None
    report: BulkReport = attrs.field(factory=BulkReport)
    written: int = 0
    completed: bool = False
    next_mark: datetime | None = None

    async def run(self, books: ZohoBooks) -> BulkReport:
        """Write every matching contact; returns the report (failed reads, with ``--full``)."""
        changes = books.contacts.changed_since(self.since, **self.filters)
        with ContactWriter(self.out) as writer:
            if not self.full:
                async for contact in changes:
                    writer.write(contact)
                    self.report.succeeded += 1
                    self._progress()
            else:
                async with run_bulk(
                    books,
                    changes,
                    _fetch_full,
                    key=lambda contact: contact.contact_id or "",
                    concurrency=self.concurrency,
                    on_progress=self.on_progress,
                    idempotent=True,
                ) as run:
                    self.report = run.report
                    async for result in run:
                        if result.value is not None:
                            writer.write(result.value)
            self.written = writer.written
        self.completed = True
        self.next_mark = changes.next_mark
        return self.report

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(
                BulkProgress(
                    succeeded=self.report.succeeded,
                    failed=0,
                    unknown=0,
                    skipped=0,
                    in_flight=0,
                    elapsed=0.0,
                )
            )


async def _fetch_full(books: ZohoBooks, contact: Contact) -> Contact:
    if contact.contact_id is None:
        raise ValueError(f"listed contact {contact.contact_name!r} has no contact_id")
    return await books.contacts.get(contact.contact_id)


def checkpoint_scope(match: Match) -> dict[str, str]:
    """What a contacts import's checkpoint is of: rows known by their name (or number)."""
    return {"command": "contacts import", "rows": MATCH_FIELDS[match]}


def run_import(args: argparse.Namespace) -> int:
    """``zbooks contacts import``: returns the exit code."""
    try:
        link = connection.connection_from(args)
        file_format(args.file)
        if not args.file.is_file():
            raise connection.UsageError(f"{args.file}: no such file")
        if args.checkpoint is not None:
            # Another run's checkpoint is refused before connecting, in a dry run too.
            claim(args.checkpoint, checkpoint_scope(args.match), create=False)
        _check_concurrency(args.concurrency)
        if args.redo_unknown and args.checkpoint is None:
            raise connection.UsageError("--redo-unknown needs --checkpoint")
        check_encoding(args.encoding)
        total = count_rows(args.file, args.encoding)
        report_path = args.report or args.file.with_name(args.file.stem + ".report.jsonl")
        check_folder(report_path, "--report")
    except (connection.UsageError, CheckpointError, ValueError) as exc:
        return _usage_error(exc)
    job = ContactImport(
        path=args.file,
        match=args.match,
        dry_run=args.dry_run,
        checkpoint=args.checkpoint,
        redo_unknown=args.redo_unknown,
        concurrency=args.concurrency,
        encoding=args.encoding,
        resolve_unknown=args.resolve_unknown,
    )
    code = _run(link, job.run, job, "import", total, args.no_progress, report_path)
    if code != USAGE_ERROR:
        done = ", ".join(f"{count} {action}" for action, count in sorted(job.actions.items()))
        print(("dry run: " if args.dry_run else "") + (done or "nothing to do"), file=sys.stderr)
        unread = total - job.report.total
        if unread > 0 and not job.broken_checkpoint:
            print(f"{unread} rows were not reached: {_resume_hint(args)}", file=sys.stderr)
    return code


def _resume_hint(args: argparse.Namespace) -> str:
    if args.checkpoint:
        return "run the same command to continue"
    # Rows are matched by name (or number) first, so redoing finished ones updates them again.
    return "run it again (add --checkpoint FILE next time to skip the rows already done)"


def parse_since(text: str) -> datetime:
    """``--since``: an ISO 8601 timestamp with an offset, or a date meaning midnight UTC."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return parse_timestamp(text)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def run_export(args: argparse.Namespace) -> int:
    """``zbooks contacts export``: returns the exit code."""
    try:
        link = connection.connection_from(args)
        file_format(args.out)
        _check_concurrency(args.concurrency)
        since = parse_since(args.since) if args.since else None
        check_folder(args.out, "--out")
        report_path = args.report or args.out.with_name(args.out.stem + ".report.jsonl")
        check_folder(report_path, "--report")
    except (connection.UsageError, ValueError) as exc:
        return _usage_error(exc)
    filters = {
        name: value
        for name, value in (("contact_type", args.contact_type), ("filter_by", args.filter_by))
        if value
    }
    job = ContactExport(
        out=args.out, since=since, full=args.full, filters=filters, concurrency=args.concurrency
    )
    code = _run(link, job.run, job, "export", None, args.no_progress, report_path)
    if job.completed:
        print(f"wrote {job.written} contacts to {args.out}", file=sys.stderr)
        if job.next_mark is not None and job.report.ok:
            mark = job.next_mark.isoformat()
            print(f"newest change: {mark} (pass it as --since next time)", file=sys.stderr)
        elif job.next_mark is not None:
            # A newer mark would skip the contacts that were not written for good.
            again = f"--since {args.since}" if args.since else "no --since"
            print(f"some contacts were not written: export again with {again}", file=sys.stderr)
    return code


class Job(Protocol):
    """What ``run_job`` needs of an import or export: its live report and a progress hook."""

    report: BulkReport
    on_progress: Callable[[BulkProgress], None] | None


def _run(
    link: connection.Connection,
    work: Callable[[ZohoBooks], Any],
    job: ContactImport | ContactExport,
    label: str,
    total: int | None,
    quiet: bool,
    report_path: Path,
) -> int:
    """Run a contacts import or export (see :func:`run_job`)."""
    return run_job(link, work, job, label, total, quiet, report_path, lambda: _interrupted_hint(job))


def run_job(
    link: connection.Connection,
    work: Callable[[ZohoBooks], Any],
    job: Job,
    label: str,
    total: int | None,
    quiet: bool,
    report_path: Path,
    resume_hint: Callable[[], str],
    describe: Callable[[ReportEntry], str] | None = None,
) -> int:
    """Run ``work`` in a session with a progress bar; always write the report; return the code
    (0 all done, 1 some items not done, 2 usage error, 130 interrupted with ``resume_hint``).

    ``describe`` names an item in the failures shown (default: its key)."""

    watch = LimiterWatch()

    async def main() -> None:
        async with connection.open_session(link, watch=watch) as books:
            await work(books)

    failure: str | None = None
    interrupted = False
    with ExitStack() as stack:
        if not quiet:
            bar = stack.enter_context(Progress(label, total=total, status=watch.status))
            job.on_progress = lambda progress: bar.advance(progress.done - bar.done)
        try:
            asyncio.run(main())
        except connection.UsageError as exc:
            return _usage_error(exc)
        except CheckpointError as exc:
            failure = str(exc)
            if isinstance(job, ContactImport):
                job.broken_checkpoint = True
        except OSError as exc:
            failure = str(exc)
        except ZohoBooksError as exc:
            failure = f"{type(exc).__name__}: {exc}"
        except KeyboardInterrupt:
            job.report.interrupted = interrupted = True
    report = job.report
    report.write_jsonl(report_path)
    _show_failures(report, describe)
    print(report.summary(), file=sys.stderr)
    if failure:
        print(f"zbooks: {failure}", file=sys.stderr)
    if not report.ok or failure:
        print(f"details of every item not done: {report_path}", file=sys.stderr)
    if interrupted:
        print(f"zbooks: interrupted; {resume_hint()}", file=sys.stderr)
        return INTERRUPTED
    return SOME_FAILED if not report.ok or failure else 0


def _interrupted_hint(job: ContactImport | ContactExport) -> str:
    if isinstance(job, ContactExport):
        return "nothing was written to the output file; run the export again"
    if job.dry_run:
        return "nothing was written; run the dry run again"
    if job.checkpoint is not None:
        return "run the same command to resume"
    return "run it again to finish (rows already done are matched and updated, not duplicated)"


def _show_failures(report: BulkReport, describe: Callable[[ReportEntry], str] | None = None) -> None:
    """Print the first few failed or unknown items, so the terminal shows what went wrong."""
    for entry in report.problems[:SHOWN_FAILURES]:
        message = str(entry.error) or type(entry.error).__name__
        if len(message) > 300:
            message = message[:300] + "..."
        name = describe(entry) if describe is not None else entry.key
        print(f"  {entry.outcome}: {name}: {message}", file=sys.stderr)
    more = len(report.problems) + report.spilled - SHOWN_FAILURES
    if more > 0:
        print(f"  ... and {more} more in the report", file=sys.stderr)


def check_folder(path: Path, flag: str) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise connection.UsageError(
            f"{flag} {path}: the folder {folder} does not exist; create it first (mkdir -p {folder})"
        )


def _check_concurrency(value: int) -> None:
    if value < 1:
        raise connection.UsageError(f"--concurrency must be at least 1, got {value}")


def _usage_error(exc: BaseException) -> int:
    print(f"zbooks: {exc}", file=sys.stderr)
    return USAGE_ERROR
