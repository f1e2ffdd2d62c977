"""``zbooks sandbox``: serve the local Zoho Books sandbox on a port, logging each request."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from ..sandbox import SandboxConfig, run_sandbox
from ..sandbox.serve import ACCESS_LOGGER


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--speed must be a number, got {text!r}") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError("--speed must be above 0 and at most 86400")
    return value


def register(subcommands: Any) -> None:
    """Add the ``sandbox`` subcommand."""
    parser = subcommands.add_parser("sandbox", help="serve the local Zoho Books sandbox")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--seed-contacts", type=int, default=50, help="contacts to create at start")
    parser.add_argument("--no-limits", action="store_true", help="turn Zoho's rate limits off")
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="run the limits' clock N times faster: --speed 60 makes the minute window 1 s and "
        "the day (budget, X-Rate-Limit-Reset) 24 min; token lifetimes shrink alike",
    )
    parser.add_argument("--quiet", action="store_true", help="no access log line per request")
    parser.set_defaults(handler=run)


def config_for(args: argparse.Namespace) -> SandboxConfig:
    """The sandbox configuration the command line asks for."""
    limits: dict[str, Any] = (
        {"requests_per_window": None, "max_in_flight": None, "daily_budget": None} if args.no_limits else {}
    )
    config = SandboxConfig(seed_contacts=args.seed_contacts, **limits)
    return config.scaled(1 / args.speed) if args.speed != 1.0 else config


def access_logger(quiet: bool) -> logging.Logger | None:
    """The logger that prints one line per request to stderr (None when ``quiet``)."""
    if quiet:
        return None
    logger = logging.getLogger(ACCESS_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    config = config_for(args)
    speed = f", clock x{args.speed:g}" if args.speed != 1.0 else ""
    print(
        f"Zoho Books sandbox on http://{args.host}:{args.port}/books/v3 "
        f"(organization {config.default_organization_id}, any token{speed}); Ctrl-C to stop"
    )
    run_sandbox(args.host, args.port, config, access_log=access_logger(args.quiet))
    return 0
