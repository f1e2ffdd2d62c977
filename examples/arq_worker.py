"""An arq worker that syncs contacts, with every worker process sharing one Redis limiter.

    pip install arq
    export ZOHO_CLIENT_ID=... ZOHO_CLIENT_SECRET=... ZOHO_REFRESH_TOKEN=... ZOHO_ORGANIZATION_ID=...
    export REDIS_URL=redis://127.0.0.1:6379/0
    arq examples.arq_worker.WorkerSettings          # start as many of these as you like

Enqueue work from anywhere:

    redis = await arq.create_pool(WorkerSettings.redis_settings)
    await redis.enqueue_job("push_contacts", [{"contact_name": "Bowman and Co"}, ...])
    await redis.enqueue_job("pull_changes")

Every worker's session is built with ``redis_url=``: the rate limiter (100 requests a minute,
10 in flight per organization) and the OAuth token are then shared through Redis, so ten
workers together still stay inside Zoho's limits and mint one token, not ten.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from arq.connections import RedisSettings

from zbooks_async import ZohoBooks
from zbooks_async.bulk import run_bulk
from zbooks_async.converter import unstructure
from zbooks_async.jsoncodec import dumps

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
MARK_KEY = "zbooks:example:contacts-mark"
CONTACTS_KEY = "zbooks:example:contacts"


async def startup(ctx: dict[str, Any]) -> None:
    """One session per worker process, opened once and shared by every job it runs."""
    ctx["books"] = ZohoBooks(
        organization_id=os.environ["ZOHO_ORGANIZATION_ID"],
        client_id=os.environ["ZOHO_CLIENT_ID"],
        client_secret=os.environ["ZOHO_CLIENT_SECRET"],
        refresh_token=os.environ["ZOHO_REFRESH_TOKEN"],
        data_center=os.environ.get("ZOHO_DATA_CENTER", "com"),
        redis_url=REDIS_URL,
    )


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["books"].close()


async def upsert(books: ZohoBooks, row: dict[str, Any]) -> str:
    """Create the contact, or update it when one with this name exists (one lookup per row;
    ``zbooks contacts import`` reads all names once instead, for large files)."""
    existing = await books.contacts.list(contact_name=row["contact_name"], per_page=1).collect(limit=1)
    if existing and existing[0].contact_id:
        await books.contacts.update(existing[0].contact_id, **row)
        return "updated"
    await books.contacts.create(**row)
    return "created"


async def push_contacts(ctx: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Job: create or update contacts; returns the report's counts and the problem rows."""
    report = await run_bulk(
        ctx["books"], rows, upsert, key=lambda row: row["contact_name"], concurrency=10
    ).complete()
    return {**report.counts(), "problems": [entry.to_json() for entry in report.problems]}


async def pull_changes(ctx: dict[str, Any]) -> int:
    """Job: read contacts changed since the last pull (mark kept in Redis); returns how many."""
    redis = ctx["redis"]
    saved = await redis.get(MARK_KEY)
    changes = ctx["books"].contacts.changed_since(datetime.fromisoformat(saved.decode()) if saved else None)
    count = 0
    async for contact in changes:
        # Hand each contact to your own system; here it lands in a Redis hash.
        await redis.hset(CONTACTS_KEY, contact.contact_id, dumps(unstructure(contact)))
        count += 1
    if changes.next_mark is not None:
        await redis.set(MARK_KEY, changes.next_mark.isoformat())
    return count


class WorkerSettings:
    """What ``arq examples.arq_worker.WorkerSettings`` runs."""

    functions = [push_contacts, pull_changes]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(REDIS_URL)
    max_jobs = 4
