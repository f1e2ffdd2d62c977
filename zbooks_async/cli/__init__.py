"""The ``zbooks`` command: ``zbooks demo``, ``zbooks sandbox`` and the contacts import/export tools."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import metadata

from . import contacts_io, demo, records_io, sandbox_command

Command = Callable[[argparse.Namespace], int]
USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(prog="zbooks", description="Zoho Books from the command line.")
    parser.add_argument("--version", action="version", version=f"zbooks {version()}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo.register(subcommands)
    sandbox_command.register(subcommands)
    contacts_io.register(subcommands)
    records_io.register(subcommands)
    return parser


def version() -> str:
    """The installed zbooks_async version (``unknown`` when run from a tree never installed)."""
    try:
        return metadata.version("zbooks_async")
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zbooks`` command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
