"""Nightly incremental sync: copy every contact changed since the last run into SQLite.

    python examples/nightly_sync.py --db contacts.sqlite        # uses ZOHO_* variables
    python examples/nightly_sync.py --db contacts.sqlite --sandbox

The first run copies everything; later runs read only what changed, newest first, and stop at
the mark the previous run saved (in the database itself). The mark moves only when a walk
finishes, so an interrupted run is simply done again next time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from zbooks_async import Contact, ZohoBooks
from zbooks_async.converter import unstructure
from zbooks_async.sandbox import SandboxConfig, serve

BATCH = 200
SCHEMA = """
create table if not exists contacts (
    contact_id text primary key,
    contact_name text,
    last_modified_time text,
    data text not null
);
create table if not exists sync_state (name text primary key, value text not null);
"""


class Store:
    """The local copy. sqlite3 blocks, so every call runs in a worker thread."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(SCHEMA)

    async def mark(self) -> datetime | None:
        row = await asyncio.to_thread(
            lambda: self._db.execute("select value from sync_state where name = 'mark'").fetchone()
        )
        return datetime.fromisoformat(row[0]) if row else None

    async def save(self, contacts: list[Contact]) -> None:
        rows = [
            (c.contact_id, c.contact_name, str(c.last_modified_time), json.dumps(unstructure(c), default=str))
            for c in contacts
        ]

        def write() -> None:
            with self._db:
                self._db.executemany("insert or replace into contacts values (?, ?, ?, ?)", rows)

        await asyncio.to_thread(write)

    async def save_mark(self, mark: datetime) -> None:
        def write() -> None:
            with self._db:
                self._db.execute("insert or replace into sync_state values ('mark', ?)", (mark.isoformat(),))

        await asyncio.to_thread(write)

    def close(self) -> None:
        self._db.close()


async def sync(books: ZohoBooks, store: Store) -> int:
    """Copy what changed since the saved mark; returns how many contacts were written."""
    changes = books.contacts.changed_since(await store.mark())
    batch: list[Contact] = []
    written = 0
    async for contact in changes:
        batch.append(contact)
        if len(batch) == BATCH:
            await store.save(batch)
            written, batch = written + len(batch), []
    await store.save(batch)
    written += len(batch)
    if changes.next_mark is not None:
        await store.save_mark(changes.next_mark)
    return written


def credentials_from_environment() -> dict[str, Any]:
    """ZohoBooks keywords from ZOHO_* variables: a fixed access token, or OAuth refresh."""
    keywords: dict[str, Any] = {
        "organization_id": os.environ["ZOHO_ORGANIZATION_ID"],
        "data_center": os.environ.get("ZOHO_DATA_CENTER", "com"),
    }
    if "ZOHO_ACCESS_TOKEN" in os.environ:
        return {**keywords, "access_token": os.environ["ZOHO_ACCESS_TOKEN"]}
    return {
        **keywords,
        "client_id": os.environ["ZOHO_CLIENT_ID"],
        "client_secret": os.environ["ZOHO_CLIENT_SECRET"],
        "refresh_token": os.environ["ZOHO_REFRESH_TOKEN"],
    }


@asynccontextmanager
async def session(use_sandbox: bool) -> AsyncIterator[ZohoBooks]:
    """A session from ZOHO_* variables, or on a throwaway sandbox with 500 contacts."""
    if not use_sandbox:
        async with ZohoBooks(**credentials_from_environment()) as books:
            yield books
        return
    runner = await serve("127.0.0.1", 0, SandboxConfig(seed_contacts=500).unlimited())
    try:
        port = runner.addresses[0][1]
        async with ZohoBooks(
            organization_id="10234695", access_token="sandbox", base_url=f"http://127.0.0.1:{port}/books/v3"
        ) as books:
            yield books
    finally:
        await runner.cleanup()


async def main(db: Path, use_sandbox: bool) -> None:
    store = Store(db)
    try:
        async with session(use_sandbox) as books:
            written = await sync(books, store)
        print(f"{written} contacts written; next run starts from {await store.mark()}")
    finally:
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("contacts.sqlite"))
    parser.add_argument("--sandbox", action="store_true", help="sync from a throwaway local sandbox")
    args = parser.parse_args()
    asyncio.run(main(args.db, args.sandbox))
