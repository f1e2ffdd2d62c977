"""A transport that hands requests straight to an ``aiohttp.web.Application``: no socket.

Meant for fast tests (of this SDK or of code that uses it) against the bundled sandbox or any
other aiohttp app. Faults that need a real connection (resets) cannot happen here.
"""

from __future__ import annotations

import asyncio
from unittest import mock

import aiohttp
from aiohttp import web
from aiohttp.streams import StreamReader
from aiohttp.test_utils import make_mocked_request
from multidict import CIMultiDict
from yarl import URL

from .. import jsoncodec
from ..durations import seconds_text
from ..errors import TransportError
from ..pipeline.values import FormBody, JsonBody, Request, Response
from .aiohttp_transport import _multipart
from .download import download_target, save_bytes


class InProcessTransport:
    """Serve each request by calling ``app``'s handler in this event loop."""

    def __init__(self, app: web.Application) -> None:
        self._app = app
        self._runner: web.AppRunner | None = None
        self._starting = asyncio.Lock()

    async def _started(self) -> None:
        async with self._starting:
            if self._runner is None:
                runner = web.AppRunner(self._app)
                await runner.setup()  # runs the app's startup hooks; binds no socket
                self._runner = runner

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        """Build an aiohttp request in memory, run the app on it and collect the answer."""
        await self._started()
        try:
            async with asyncio.timeout(timeout):
                return await self._serve(request)
        except TimeoutError as exc:
            raise TransportError(
                f"no answer within {seconds_text(timeout)}",
                may_have_reached_server=True,
                method=request.method,
                path=request.path,
            ) from exc

    async def _serve(self, request: Request) -> Response:
        headers = CIMultiDict(request.headers)
        body = await _encoded_body(request, headers)
        url = URL(request.url).with_query(request.query)
        loop = asyncio.get_running_loop()
        # The limits a real server protocol carries; multipart parsing reads them.
        protocol = mock.Mock(_reading_paused=False, max_field_size=8190, max_headers=128)
        payload = StreamReader(protocol, 2**16, loop=loop)
        if body:
            payload.feed_data(body)
        payload.feed_eof()
        headers["Content-Length"] = str(len(body))
        headers.setdefault("Host", url.raw_authority or "localhost")
        web_request = make_mocked_request(
            request.method,
            url.raw_path_qs,
            headers=headers,
            app=self._app,
            payload=payload,
            protocol=protocol,
            loop=loop,
            client_max_size=1024**3,
        )
        try:
            # _handle is the app's request entry point (routing + middlewares) that aiohttp's
            # own server calls; there is no public equivalent that avoids a socket.
            answer = await self._app._handle(web_request)
        except web.HTTPException as exc:
            answer = exc
        except ConnectionError as exc:
            # The app dropped the "connection" (the sandbox's reset faults): like a real reset,
            # the request may have been handled, so the caller must not assume it was not.
            raise TransportError(
                f"connection dropped: {exc}",
                may_have_reached_server=True,
                method=request.method,
                path=request.path,
            ) from exc
        except Exception as exc:  # a crashing handler is a 500, as a real server would send
            return Response(
                status=500, headers={"Content-Type": "text/plain"}, body=repr(exc).encode()
            )
        finally:
            # As aiohttp's server does after each request: close the temporary files that
            # parsing a multipart upload created.
            web_request._finish()
        response = await _collected(answer)
        target = download_target(request, response.status, response.header("Content-Type"))
        if target is None:
            return response
        await save_bytes(target, response.body)
        return Response(status=response.status, headers=response.headers, body=b"", saved_to=target)

    async def close(self) -> None:
        """Run the app's cleanup hooks."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def _encoded_body(request: Request, headers: CIMultiDict[str]) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, JsonBody):
        headers.setdefault("Content-Type", "application/json")
        return jsoncodec.dumps(body.data)
    if isinstance(body, FormBody):
        payload = aiohttp.FormData(list(body.fields))()
    else:
        payload = _multipart(body)()
    headers["Content-Type"] = payload.content_type
    return await payload.as_bytes()


async def _collected(answer: web.StreamResponse) -> Response:
    if not isinstance(answer, web.Response):
        raise TypeError("the in-process transport can only collect web.Response answers")
    headers = dict(answer.headers)
    if answer.content_type and "Content-Type" not in headers:
        charset = f"; charset={answer.charset}" if answer.charset else ""
        headers["Content-Type"] = answer.content_type + charset
    raw = answer.body
    if raw is None:
        body = b""
    elif isinstance(raw, bytes | bytearray):
        body = bytes(raw)
    else:
        body = await raw.as_bytes()
    return Response(status=answer.status, headers=headers, body=body)
