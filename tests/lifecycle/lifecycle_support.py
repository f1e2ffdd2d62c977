"""Helpers for the lifecycle tests: a loopback server that can hold answers, a blocking transport."""

from __future__ import annotations

import asyncio

from aiohttp import web

from zbooks_async.pipeline.values import Request, Response

ORGANIZATION_ID = "10234695"
TOKEN = "1000.lifecycle-token.0000"
HANG_ID = "999"
FAST_ID = "1"
FAIL_ID = "500"
# What every contact answer carries (the model requires them).
REQUIRED = {"contact_name": "A", "contact_type": "customer", "status": "active"}


class HoldingServer:
    """Serves ``/books/v3/contacts/{id}``: id 999 holds its answer until ``release()``,
    id 500 answers HTTP 500, any other id answers at once."""

    def __init__(self) -> None:
        self.held = 0
        self._arrivals = asyncio.Condition()
        self._release = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_route("*", "/books/v3/contacts/{contact_id}", self._contact)

    async def _contact(self, request: web.Request) -> web.Response:
        contact_id = request.match_info["contact_id"]
        if contact_id == FAIL_ID:
            return web.json_response({"code": 1000, "message": "Internal error"}, status=500)
        if contact_id == HANG_ID:
            async with self._arrivals:
                self.held += 1
                self._arrivals.notify_all()
            await self._release.wait()
        return web.json_response({"code": 0, "contact": {"contact_id": contact_id, **REQUIRED}})

    async def holding(self, count: int) -> None:
        """Wait until ``count`` requests are being held."""
        async with self._arrivals:
            await self._arrivals.wait_for(lambda: self.held >= count)

    def release(self) -> None:
        self._release.set()


class BlockingTransport:
    """A transport whose every send waits until ``release()``; counts what it was given."""

    def __init__(self) -> None:
        self.started = 0
        self.finished = 0
        self._arrivals = asyncio.Condition()
        self._release = asyncio.Event()
        self.closed = False

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        async with self._arrivals:
            self.started += 1
            self._arrivals.notify_all()
        await self._release.wait()
        self.finished += 1
        body = (
            b'{"code":0,"contact":{"contact_id":"1","contact_name":"A",'
            b'"contact_type":"customer","status":"active"}}'
        )
        return Response(status=200, headers={"Content-Type": "application/json"}, body=body)

    async def sending(self, count: int) -> None:
        """Wait until ``count`` sends have started."""
        async with self._arrivals:
            await self._arrivals.wait_for(lambda: self.started >= count)

    def release(self) -> None:
        self._release.set()

    async def close(self) -> None:
        self.closed = True
