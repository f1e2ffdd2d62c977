"""An aiohttp.web service that shares one ZohoBooks session across all its requests.

    python examples/web_app.py --sandbox           # then: curl localhost:8000/contacts?search=a
    python examples/web_app.py                     # uses ZOHO_* variables

One session means one connection pool and one rate limiter for the whole process: however
many requests arrive at once, Zoho sees at most its allowed rate. The session is opened when
the app starts and closed when it stops (``cleanup_ctx``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from aiohttp import web

from zbooks_async import NotFoundError, ZohoBooks, ZohoBooksError, to_json
from zbooks_async.sandbox import SandboxConfig, serve

if TYPE_CHECKING:
    from aiohttp.typedefs import Handler

BOOKS = web.AppKey("books", ZohoBooks)


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


def json_response(data: object, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


async def get_contact(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}: one contact, every field."""
    books = request.app[BOOKS]
    try:
        contact = await books.contacts.get(request.match_info["contact_id"])
    except NotFoundError:
        return json_response({"error": "no such contact"}, status=404)
    except ValueError as exc:  # not a Zoho id: refused before anything was sent
        return json_response({"error": str(exc)}, status=400)
    # to_json: Zoho's JSON shape, money with every digit (json.dumps cannot write a Decimal)
    return web.Response(text=to_json(contact), content_type="application/json")


async def search_contacts(request: web.Request) -> web.Response:
    """GET /contacts?search=text: the first 25 contacts whose name contains the text."""
    books = request.app[BOOKS]
    text = request.query.get("search", "")
    contacts = await books.contacts.list(contact_name_contains=text, per_page=25).collect(limit=25)
    return json_response([{"contact_id": c.contact_id, "contact_name": c.contact_name} for c in contacts])


@web.middleware
async def zoho_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ZohoBooksError as exc:  # Zoho is down, throttling beyond retries, or refused the token
        return json_response({"error": str(exc)}, status=502)


def create_app(**session: Any) -> web.Application:
    """The app; ``session`` holds the ZohoBooks keywords (organization_id, access_token, ...)."""

    async def books_context(app: web.Application) -> AsyncIterator[None]:
        async with ZohoBooks(**session) as books:
            app[BOOKS] = books
            yield

    app = web.Application(middlewares=[zoho_errors])
    app.cleanup_ctx.append(books_context)
    app.router.add_get("/contacts", search_contacts)
    app.router.add_get("/contacts/{contact_id}", get_contact)
    return app


async def sandbox_app() -> web.Application:
    """The app wired to a local sandbox with 200 contacts, started and stopped with it."""
    runner = await serve("127.0.0.1", 0, SandboxConfig(seed_contacts=200).unlimited())
    port = runner.addresses[0][1]
    app = create_app(
        organization_id="10234695", access_token="sandbox", base_url=f"http://127.0.0.1:{port}/books/v3"
    )

    async def stop_sandbox(app: web.Application) -> None:
        await runner.cleanup()

    app.on_cleanup.append(stop_sandbox)
    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sandbox", action="store_true", help="serve contacts from a local sandbox")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.sandbox:
        web.run_app(sandbox_app(), host="127.0.0.1", port=args.port)
    else:
        web.run_app(create_app(**credentials_from_environment()), host="127.0.0.1", port=args.port)
