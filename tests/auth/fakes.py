"""A fake Zoho accounts server and a fake Books API, served on 127.0.0.1 for the auth tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

CLIENT_ID = "1000.CLIENTID"
CLIENT_SECRET = "client-secret-6f1e9a"
REFRESH_TOKEN = "1000.refresh-token-93c0d2"


class FakeAccounts:
    """``POST /oauth/v2/token``: counts token requests and answers as Zoho's accounts server.

    ``mode``: "ok", "revoked" (HTTP 200 ``invalid_code``, as Zoho does), "throttled" (HTTP 400
    "Access Denied, too many requests"), "broken" (HTTP 500). Minted tokens are ``tok-1``,
    ``tok-2``... ``delay`` holds each answer back so concurrent callers pile up.
    """

    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 0.0
        self.expires_in: object = 3600
        self.api_domain: str | None = "https://www.zohoapis.com"
        self.requests = 0
        self.forms: list[dict[str, str]] = []
        self.minted: list[str] = []
        self.url = ""

    async def token(self, request: web.Request) -> web.Response:
        self.requests += 1
        form = {key: str(value) for key, value in (await request.post()).items()}
        self.forms.append(form)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.mode == "revoked" or form.get("refresh_token") != REFRESH_TOKEN:
            return web.json_response({"error": "invalid_code"})
        if self.mode == "throttled":
            return web.json_response(
                {
                    "error": "Access Denied",
                    "error_description": "You have made too many requests continuously. "
                    "Please try again after some time.",
                },
                status=400,
            )
        if self.mode == "broken":
            return web.Response(status=500, text="<html><title>oops</title></html>")
        token = f"tok-{len(self.minted) + 1}"
        self.minted.append(token)
        answer: dict[str, Any] = {
            "access_token": token,
            "expires_in": self.expires_in,
            "token_type": "Bearer",
        }
        if self.api_domain is not None:
            answer["api_domain"] = self.api_domain
        return web.json_response(answer)


class FakeApi:
    """``/books/v3/contacts/{id}``: accepts the tokens in ``valid`` (by default every minted
    one that was not revoked), answers 401 code 57 otherwise, and counts calls."""

    def __init__(self, accounts: FakeAccounts) -> None:
        self.accounts = accounts
        self.revoked: set[str] = set()
        self.calls = 0
        self.rejected = 0
        self.url = ""

    async def contact(self, request: web.Request) -> web.Response:
        self.calls += 1
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Zoho-oauthtoken ")
        if token not in self.accounts.minted or token in self.revoked:
            self.rejected += 1
            return web.json_response(
                {"code": 57, "message": "You are not authorized to perform this operation"},
                status=401,
            )
        contact_id = request.match_info["contact_id"]
        return web.json_response(
            {
                "code": 0,
                "message": "success",
                "contact": {
                    "contact_id": contact_id,
                    "contact_name": "Bowman",
                    "contact_type": "customer",
                    "status": "active",
                },
            }
        )


@asynccontextmanager
async def serve() -> AsyncIterator[tuple[FakeAccounts, FakeApi]]:
    """Both fakes on one loopback server; ``accounts.url`` and ``api.url`` are their roots."""
    accounts = FakeAccounts()
    api = FakeApi(accounts)
    app = web.Application()
    app.router.add_post("/oauth/v2/token", accounts.token)
    app.router.add_get("/books/v3/contacts/{contact_id}", api.contact)
    async with TestServer(app, host="127.0.0.1") as server:
        root = str(server.make_url("")).rstrip("/")
        accounts.url = root
        api.url = f"{root}/books/v3"
        yield accounts, api
