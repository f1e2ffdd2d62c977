"""``zbooks sandbox``: serve the local Zoho Books sandbox on a port."""

from __future__ import annotations

import argparse
from typing import Any

from ..sandbox import SandboxConfig, run_sandbox


def register(subcommands: Any) -> None:
    """Add the ``sandbox`` subcommand."""
    parser = subcommands.add_parser("sandbox", help="serve the local Zoho Books sandbox")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--seed-contacts", type=int, default=50, help="contacts to create at start")
    parser.add_argument("--no-limits", action="store_true", help="turn Zoho's rate limits off")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    limits: dict[str, Any] = (
        {"requests_per_window": None, "max_in_flight": None, "daily_budget": None} if args.no_limits else {}
    )
    config = SandboxConfig(seed_contacts=args.seed_contacts, **limits)
    print(
        f"Zoho Books sandbox on http://{args.host}:{args.port}/books/v3 "
        f"(organization {config.default_organization_id}, any token); Ctrl-C to stop"
    )
    run_sandbox(args.host, args.port, config)
    return 0
