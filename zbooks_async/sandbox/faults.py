"""Fault injection: deciding, per API request, whether to misbehave and how.

Faults fall in two groups. *Before the work* (nothing is stored, limits are not charged):
``error_500``, ``html_502``, ``html_503``, ``reset_before``, ``throttle_burst`` (429 code
44 for a burst of requests, every other burst with ``Retry-After``) and ``token_expiry``
(every access token in use expires, as one does mid-run, and the request gets 401 code
57; later requests with those tokens fail the same way until the client gets a new one).
*Around the work* (the request is admitted and handled):

* ``reset_after``: the work is done, the connection drops without an answer;
* ``truncated_json``: the work is done, the JSON body is cut in half;
* ``malformed_json``: the work is done, the JSON body is broken (an unquoted key);
* ``slow``: sleep ``slow_seconds`` holding the in-flight slot, then do the work only if the
  client is still connected (a client that gives up first leaves nothing behind);
* ``slow_answer``: do the work, then hold the answer ``slow_seconds`` (a client that gives up
  first never learns that the work was done).

Connection drops need a real socket. Without one (an in-process transport calling the
app directly) they raise ``SimulatedDisconnect`` so the caller can map it to its own
connection error.
"""

from __future__ import annotations

import asyncio
import random

from aiohttp import web

from . import errors
from .config import FAULT_KINDS, FaultConfig
from .envelope import ZohoError

BEFORE_WORK = frozenset(
    {"error_500", "html_502", "html_503", "reset_before", "throttle_burst", "token_expiry"}
)
AROUND_WORK = frozenset(
    {"reset_after", "truncated_json", "malformed_json", "slow", "slow_answer"}
)

_HTML_PAGES = {
    502: ("502 Bad Gateway", "The server received an invalid response from upstream."),
    503: (
        "503 Service Temporarily Unavailable",
        "The server is temporarily unable to service your request. Please try again later.",
    ),
}


class SimulatedDisconnect(ConnectionResetError):
    """A connection-drop fault fired on a request that has no real socket to drop.

    ``work_done`` tells whether the sandbox had already handled the request
    (``reset_after``) or not (``reset_before``). A real client cannot know this, so a
    transport should report both as "may have reached the server" and keep the flag
    for tests only.
    """

    def __init__(self, message: str, work_done: bool) -> None:
        super().__init__(message)
        self.work_done = work_done


class FaultInjector:
    """Draws at most one fault per request from a seeded ``random.Random``."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._random = random.Random(config.seed)
        self._bursts = 0
        self._burst_left = 0
        rates = config.rates()
        self._thresholds: list[tuple[float, str]] = []
        total = 0.0
        for kind in FAULT_KINDS:
            if rates[kind] > 0:
                total += rates[kind]
                self._thresholds.append((total, kind))

    def draw(self) -> str | None:
        """The fault kind for the next request, or None for a normal answer."""
        if self._burst_left:
            self._burst_left -= 1
            return "throttle_burst"
        if not self._thresholds:
            return None
        roll = self._random.random()
        for threshold, kind in self._thresholds:
            if roll < threshold:
                if kind == "throttle_burst":
                    self._bursts += 1
                    self._burst_left = self.config.throttle_burst_length - 1
                return kind
        return None

    def throttle_headers(self) -> dict[str, str]:
        """Every other burst of 429s carries ``Retry-After``, so clients meet both shapes."""
        if self._bursts % 2:
            return {"Retry-After": str(self.config.retry_after_seconds)}
        return {}


def html_page(status: int) -> web.Response:
    """An HTML error page such as a load balancer in front of Zoho would send."""
    title, text = _HTML_PAGES[status]
    body = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<p>{text}</p>\r\n"
        "<hr><center>ZGS</center>\r\n</body>\r\n</html>\r\n"
    )
    return web.Response(text=body, status=status, content_type="text/html")


def truncated(response: web.StreamResponse) -> web.StreamResponse:
    """The same answer with its JSON body cut in half (Content-Length matches the cut)."""
    if not isinstance(response, web.Response) or not isinstance(response.body, bytes):
        return response
    body = response.body
    cut = web.Response(body=body[: max(1, len(body) // 2)], status=response.status)
    cut.headers["Content-Type"] = response.headers.get("Content-Type", "application/json")
    return cut


def malformed(response: web.StreamResponse) -> web.StreamResponse:
    """The same answer with its JSON broken: the ``code`` key loses its quotes."""
    if not isinstance(response, web.Response) or not isinstance(response.body, bytes):
        return response
    body = response.body
    broken = body.replace(b'"code"', b"code", 1) if b'"code"' in body else b"{" + body
    bad = web.Response(body=broken, status=response.status)
    bad.headers["Content-Type"] = response.headers.get("Content-Type", "application/json")
    return bad


def has_socket(request: web.Request) -> bool:
    """True when the request arrived over a real connection that can be dropped."""
    return isinstance(request.transport, asyncio.BaseTransport)


def drop_connection(request: web.Request, work_done: bool) -> web.Response:
    """Abort the client connection without answering.

    Returns a placeholder response that aiohttp fails to write (quietly, since the
    transport is gone); raises ``SimulatedDisconnect`` when there is no socket.
    """
    transport = request.transport
    if not isinstance(transport, asyncio.BaseTransport):
        when = "after" if work_done else "before"
        raise SimulatedDisconnect(
            f"sandbox fault: connection dropped {when} handling the request", work_done
        )
    transport.abort()
    return web.Response(status=204)


async def sleep_while_connected(request: web.Request, seconds: float) -> bool:
    """Sleep up to ``seconds``; return False early if the client hung up meanwhile."""
    if not has_socket(request):
        await asyncio.sleep(seconds)
        return True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (remaining := deadline - loop.time()) > 0:
        await asyncio.sleep(min(remaining, 0.05))
        transport = request.transport
        if transport is None or transport.is_closing():
            return False
    return True


def before_work_error(kind: str, injector: FaultInjector) -> web.Response | ZohoError:
    """The answer of a before-the-work fault (a response, or an error envelope to raise)."""
    if kind == "error_500":
        return errors.internal_error()
    if kind == "html_502":
        return html_page(502)
    if kind == "html_503":
        return html_page(503)
    if kind == "throttle_burst":
        return errors.rate_limited(injector.throttle_headers())
    if kind == "token_expiry":
        return errors.not_authorized()
    raise ValueError(f"{kind} is not a before-the-work fault")
