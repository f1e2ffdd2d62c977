"""A Zoho-like API on 127.0.0.1 that enforces a rolling window and an in-flight cap per
organization, answers 429 (codes 44 and 1070) when they are exceeded, and counts everything.
It also mints OAuth tokens (``tests.auth.fakes.FakeAccounts``)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.auth.fakes import FakeAccounts


class StrictZoho:
    """Counts a request when it arrives, as Zoho does; refused requests count for nothing."""

    def __init__(self, requests: int, period: float, in_flight: int, latency: float = 0.0) -> None:
        self.requests = requests
        self.period = period
        self.in_flight_cap = in_flight
        self.latency = latency
        self.window: dict[str, deque[float]] = {}
        self.in_flight: Counter[str] = Counter()
        self.arrivals: list[float] = []
        self.throttled: Counter[int] = Counter()
        self.accounts = FakeAccounts()
        self.url = ""

    async def contact(self, request: web.Request) -> web.Response:
        organization_id = request.query.get("organization_id", "-")
        now = time.monotonic()
        window = self.window.setdefault(organization_id, deque())
        while window and window[0] <= now - self.period:
            window.popleft()
        if len(window) >= self.requests:
            return self._throttle(44, "exceeded the maximum number of requests per minute")
        if self.in_flight[organization_id] >= self.in_flight_cap:
            return self._throttle(1070, "reached the maximum number of in process requests")
        window.append(now)
        self.arrivals.append(now)
        self.in_flight[organization_id] += 1
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            contact = {"contact_id": request.match_info["contact_id"]}
            return web.json_response({"code": 0, "message": "success", "contact": contact})
        finally:
            self.in_flight[organization_id] -= 1

    def _throttle(self, code: int, message: str) -> web.Response:
        self.throttled[code] += 1
        return web.json_response({"code": code, "message": message}, status=429)

    def efficiency(self) -> float:
        """Requests per period achieved after the first burst, over those allowed."""
        if len(self.arrivals) <= self.requests:
            return 0.0
        span = self.arrivals[-1] - self.arrivals[0]
        return (len(self.arrivals) - self.requests) / self.requests / (span / self.period)


@asynccontextmanager
async def serve(server: StrictZoho) -> AsyncIterator[StrictZoho]:
    """Serve ``server`` on a free loopback port; ``server.url`` is the API root."""
    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", server.contact)
    app.router.add_post("/oauth/v2/token", server.accounts.token)
    async with TestServer(app, host="127.0.0.1") as test_server:
        root = str(test_server.make_url("")).rstrip("/")
        server.accounts.url = root
        server.url = f"{root}/books/v3"
        yield server
