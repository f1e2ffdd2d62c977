"""How a ``zbooks`` command reaches Zoho: credentials from flags or the environment, or a sandbox.

Flags win over environment variables. ``--sandbox`` starts a throwaway sandbox on 127.0.0.1
for the command's lifetime; ``--sandbox URL`` talks to one started with ``zbooks sandbox``.
A sandbox reads flags only, never the ZOHO_* variables, so a real token is never sent to it;
given ``--client-id``, ``--client-secret`` and ``--refresh-token`` it mints tokens at the
sandbox's accounts server (``sandbox-client``, ``sandbox-secret``, ``sandbox-refresh``).
Incomplete credentials are a usage error naming what is missing: the command never falls back
to a sandbox on its own.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import attrs

from ..client import ZohoBooks
from ..datacenters import DATA_CENTERS
from ..limits.base import Limiter, RateLimit
from ..limits.memory import InMemoryLimiter
from ..sandbox import SandboxConfig, serve
from ..secrets import Secret
from .progress import LimiterWatch

ENVIRONMENT = {
    "client_id": "ZOHO_CLIENT_ID",
    "client_secret": "ZOHO_CLIENT_SECRET",
    "refresh_token": "ZOHO_REFRESH_TOKEN",
    "organization_id": "ZOHO_ORGANIZATION_ID",
    "data_center": "ZOHO_DATA_CENTER",
    "access_token": "ZOHO_ACCESS_TOKEN",
}
OAUTH_FIELDS = ("client_id", "client_secret", "refresh_token")
IN_PROCESS = "start"
SANDBOX_TOKEN = "sandbox-token"
# The throwaway sandbox keeps Zoho's limits on a clock 60 times faster: 100 requests a second.
# On so short a window the default 1% margin (10 ms) is within the event loop's jitter
# between admitting a request and the server counting it, so the client keeps 5% spare.
SANDBOX_SCALE = 1 / 60
ZOHO_RATE = RateLimit()
SANDBOX_RATE = RateLimit(requests=100, period=60.0 * SANDBOX_SCALE, concurrency=10, margin=0.05)


class UsageError(Exception):
    """The command line or environment cannot work; the message says what to change."""


@attrs.frozen
class Connection:
    """Where and as whom to connect: a real Zoho organization or a sandbox."""

    organization_id: str | None = None
    data_center: str = "com"
    access_token: Secret | None = None
    client_id: str | None = None
    client_secret: Secret | None = None
    refresh_token: Secret | None = None
    sandbox: str | None = None
    sandbox_seed: int = 0
    rate_limit: RateLimit | None = ZOHO_RATE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the connection flags shared by every command that talks to Zoho."""
    group = parser.add_argument_group(
        "connection",
        "Each flag defaults to its environment variable: "
        + ", ".join(f"--{name.replace('_', '-')} / {env}" for name, env in ENVIRONMENT.items()),
    )
    for name in ENVIRONMENT:
        group.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    group.add_argument(
        "--sandbox",
        nargs="?",
        const=IN_PROCESS,
        default=None,
        metavar="URL",
        help="use a local sandbox: a throwaway one on 127.0.0.1, or the one serving at URL "
        "(e.g. http://127.0.0.1:8080 from `zbooks sandbox`)",
    )
    group.add_argument(
        "--sandbox-seed", type=int, default=50, help="contacts in a throwaway sandbox (default 50)"
    )
    group.add_argument(
        "--rate-limit",
        default=None,
        metavar="N/SECONDS|off",
        help="client-side limit, e.g. 100/60 (Zoho's; the default) or off",
    )


def connection_from(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Connection:
    """Read the connection from flags, then the environment; UsageError if it is incomplete."""
    env = os.environ if environ is None else environ
    values = {
        name: getattr(args, name, None) or env.get(variable) or None
        for name, variable in ENVIRONMENT.items()
    }
    if not getattr(args, "access_token", None) and any(getattr(args, n, None) for n in OAUTH_FIELDS):
        # OAuth credentials on the command line: an access token from the environment (often a
        # stale one left in the shell) must not win over them.
        values["access_token"] = None
    sandbox: str | None = args.sandbox
    rate_limit = _rate_limit(args.rate_limit, SANDBOX_RATE if sandbox == IN_PROCESS else ZOHO_RATE)
    if sandbox is not None:
        if sandbox != IN_PROCESS and not sandbox.startswith(("http://127.0.0.1", "http://localhost")):
            raise UsageError(
                f"--sandbox URL must be a loopback address (http://127.0.0.1:PORT), got {sandbox}"
            )
        # Flags only: a real organization's variables (and tokens) stay away from a sandbox.
        flags = {name: getattr(args, name, None) or None for name in ENVIRONMENT}
        oauth = all(flags[name] for name in OAUTH_FIELDS) and not flags["access_token"]
        return Connection(
            organization_id=flags["organization_id"] or SandboxConfig().default_organization_id,
            access_token=None if oauth else Secret(flags["access_token"] or SANDBOX_TOKEN),
            client_id=flags["client_id"] if oauth else None,
            client_secret=_secret(flags["client_secret"]) if oauth else None,
            refresh_token=_secret(flags["refresh_token"]) if oauth else None,
            sandbox=sandbox,
            sandbox_seed=args.sandbox_seed,
            rate_limit=rate_limit,
        )
    missing = []
    if not values["organization_id"]:
        missing.append("the organization id (--organization-id or ZOHO_ORGANIZATION_ID)")
    has_oauth = [name for name in OAUTH_FIELDS if values[name]]
    if not values["access_token"] and len(has_oauth) < len(OAUTH_FIELDS):
        absent = [f"--{n.replace('_', '-')} or {ENVIRONMENT[n]}" for n in OAUTH_FIELDS if not values[n]]
        missing.append("OAuth credentials (" + "; ".join(absent) + ")")
    if missing:
        raise UsageError(
            "cannot connect to Zoho Books: missing "
            + " and ".join(missing)
            + ". Pass --access-token (or ZOHO_ACCESS_TOKEN) instead of OAuth credentials if you "
            "have one, or --sandbox to work against a local sandbox."
        )
    data_center = values["data_center"] or "com"
    if data_center not in DATA_CENTERS:
        raise UsageError(
            f"unknown data center {data_center!r}; choose one of {', '.join(sorted(DATA_CENTERS))}"
        )
    return Connection(
        organization_id=values["organization_id"],
        data_center=data_center,
        access_token=_secret(values["access_token"]),
        client_id=values["client_id"],
        client_secret=_secret(values["client_secret"]),
        refresh_token=_secret(values["refresh_token"]),
        rate_limit=rate_limit,
    )


def _secret(value: str | None) -> Secret | None:
    return Secret(value) if value else None


def _rate_limit(text: str | None, default: RateLimit) -> RateLimit | None:
    if text is None:
        return default
    if text.lower() == "off":
        return None
    try:
        requests, seconds = text.split("/")
        return RateLimit(requests=int(requests), period=float(seconds), concurrency=default.concurrency)
    except ValueError:
        raise UsageError(
            f"--rate-limit must look like 100/60 (requests/seconds) or off, got {text!r}"
        ) from None


@asynccontextmanager
async def open_session(
    connection: Connection, *, watch: LimiterWatch | None = None
) -> AsyncIterator[ZohoBooks]:
    """A session for ``connection``, with its throwaway sandbox if it asked for one.

    ``watch`` times the waits for the session's rate limiter (for the progress bar).
    """
    limiter = _limiter(connection.rate_limit, watch)
    if connection.sandbox is None:
        async with _zoho_session(connection, limiter) as books:
            yield books
        return
    if connection.sandbox != IN_PROCESS:
        async with _sandbox_session(connection, connection.sandbox, limiter) as books:
            yield books
        return
    config = SandboxConfig(seed_contacts=connection.sandbox_seed).scaled(SANDBOX_SCALE)
    runner = await serve("127.0.0.1", 0, config)
    try:
        host, port = runner.addresses[0][:2]
        async with _sandbox_session(connection, f"http://{host}:{port}", limiter) as books:
            yield books
    finally:
        await runner.cleanup()


def _limiter(rate_limit: RateLimit | None, watch: LimiterWatch | None) -> Limiter | None:
    if rate_limit is None:
        return None
    limiter = InMemoryLimiter(rate_limit)
    return watch.wrap(limiter) if watch is not None else limiter


@asynccontextmanager
async def _sandbox_session(
    connection: Connection, url: str, limiter: Limiter | None
) -> AsyncIterator[ZohoBooks]:
    root = url.rstrip("/")
    if connection.access_token is not None:
        books = ZohoBooks(
            organization_id=connection.organization_id,
            access_token=connection.access_token.reveal(),
            base_url=f"{root}/books/v3",
            rate_limit=None,
            limiter=limiter,
        )
    else:  # OAuth flags given: mint tokens at the sandbox's own accounts server
        books = ZohoBooks(
            organization_id=connection.organization_id,
            client_id=connection.client_id,
            client_secret=connection.client_secret,
            refresh_token=connection.refresh_token,
            accounts_url=root,
            base_url=f"{root}/books/v3",
            rate_limit=None,
            limiter=limiter,
        )
    async with books:
        yield books


@asynccontextmanager
async def _zoho_session(connection: Connection, limiter: Limiter | None) -> AsyncIterator[ZohoBooks]:
    if connection.access_token is not None:
        books = ZohoBooks(
            organization_id=connection.organization_id,
            access_token=connection.access_token.reveal(),
            data_center=connection.data_center,
            rate_limit=None,
            limiter=limiter,
        )
    else:
        books = ZohoBooks(
            organization_id=connection.organization_id,
            client_id=connection.client_id,
            client_secret=connection.client_secret,
            refresh_token=connection.refresh_token,
            data_center=connection.data_center,
            rate_limit=None,
            limiter=limiter,
        )
    async with books:
        yield books
