"""Latency-bound pagination: walking 10 pages from a server that takes 100 ms per page, with a
consumer that spends 100 ms on each page. Fetching one page ahead overlaps the two, so the walk
takes about 1.1 s instead of 2 s (both figures measured; the server is an aiohttp app on
127.0.0.1 whose handler sleeps, so the latency is the server's, not this process's CPU)."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from common import ORGANIZATION_ID, TOKEN, Figure

from zbooks_async import ZohoBooks

SECTION = "pagination"
PAGES = 10
SERVER_SECONDS = 0.1
CONSUMER_SECONDS = 0.1
PER_PAGE = 20
TARGET_SECONDS = 1.25  # 10 x 100 ms overlapped, plus the first page and the loop's slack


def slow_contacts_app() -> web.Application:
    async def contacts(request: web.Request) -> web.Response:
        await asyncio.sleep(SERVER_SECONDS)
        page = int(request.query["page"])
        first = (page - 1) * PER_PAGE
        rows = [
            {
                "contact_id": str(first + n),
                "contact_name": f"C{first + n}",
                "contact_type": "customer",
                "status": "active",
            }
            for n in range(PER_PAGE)
        ]
        context = {"page": page, "per_page": PER_PAGE, "has_more_page": page < PAGES}
        return web.json_response({"code": 0, "message": "success", "contacts": rows, "page_context": context})

    app = web.Application()
    app.router.add_get("/books/v3/contacts", contacts)
    return app


async def walk(books: ZohoBooks, *, ahead: bool) -> float:
    """Seconds to walk every page, spending CONSUMER_SECONDS on each; ``ahead=False`` fetches
    each page only when the previous one is done (what a walk without prefetch costs)."""
    listing = books.contacts.list(per_page=PER_PAGE)
    started = time.perf_counter()
    if ahead:
        async for _ in listing.pages():
            await asyncio.sleep(CONSUMER_SECONDS)
    else:
        number = 1
        while True:
            page = await listing.page(number)
            await asyncio.sleep(CONSUMER_SECONDS)
            if not page.has_more:
                break
            number += 1
    return time.perf_counter() - started


async def measure(quick: bool = False) -> list[Figure]:
    runner = web.AppRunner(slow_contacts_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        api = f"http://127.0.0.1:{runner.addresses[0][1]}/books/v3"
        async with ZohoBooks(
            organization_id=ORGANIZATION_ID, access_token=TOKEN, base_url=api, rate_limit=None
        ) as books:
            await walk(books, ahead=True)  # warm the connection
            overlapped = min([await walk(books, ahead=True) for _ in range(1 if quick else 3)])
            sequential = await walk(books, ahead=False)
    finally:
        await runner.cleanup()
    return [
        Figure(
            SECTION,
            f"walk {PAGES} pages, server {SERVER_SECONDS * 1000:.0f} ms + consumer "
            f"{CONSUMER_SECONDS * 1000:.0f} ms per page",
            round(overlapped, 3),
            "s",
            f"<= {TARGET_SECONDS} (about 1.1)",
            overlapped <= TARGET_SECONDS,
            f"{sequential:.2f} s fetching each page only when asked (no page ahead)",
        )
    ]
