"""The default transport: one ``aiohttp.ClientSession`` shared by every call."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from .. import jsoncodec
from ..errors import TransportError
from ..pipeline.values import Body, FilePart, FormBody, JsonBody, MultipartBody, Request, Response
from .download import download_target, save_stream

_CHUNK = 64 * 1024


class AiohttpTransport:
    """Send requests with aiohttp. Owns its session unless one is passed in.

    A borrowed ``session`` is never closed by this transport; its owner closes it. It also
    keeps aiohttp's own silent resend of a GET/PUT/DELETE whose reused connection dropped,
    which the retry stage cannot see: a DELETE resent that way may report NotFoundError
    although its first send did the work.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        connector_limit: int = 100,
        verify_ssl: bool = True,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._connector_limit = connector_limit
        self._verify_ssl = verify_ssl
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            # Created lazily so the session binds to the running loop.
            connector = aiohttp.TCPConnector(limit=self._connector_limit, ssl=self._verify_ssl)
            session = aiohttp.ClientSession(connector=connector)
            # aiohttp silently sends a GET/PUT/DELETE a second time when a reused connection
            # drops. The retry stage must see every attempt: a DELETE whose first send did
            # the work would otherwise come back as a 404 that looks like a first answer.
            if hasattr(session, "_retry_connection"):
                session._retry_connection = False
            self._session = session
        return self._session

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        """Send ``request`` over HTTP and read the whole answer."""
        if self._closed:
            # A send racing close() (a token refresh of the closing session) must not open a
            # session that nobody would close.
            raise _transport_error(request, "the transport is closed", sent=False)
        headers = dict(request.headers)
        data = None if request.body is None else _aiohttp_body(request.body, headers)
        try:
            async with self._client().request(
                request.method,
                request.url,
                params=request.query,
                headers=headers,
                data=data,
                timeout=_timeout(timeout),
                allow_redirects=False,
            ) as answer:
                answer_headers = answer.headers  # parsed already; case-insensitive lookups stay cheap
                target = None
                if request.download_to is not None:  # content_type parses the header: ~1-2 us
                    target = download_target(request, answer.status, answer.content_type)
                if target is not None:
                    await save_stream(target, answer.content.iter_chunked(_CHUNK))
                    return Response(
                        status=answer.status, headers=answer_headers, body=b"", saved_to=target
                    )
                return Response(status=answer.status, headers=answer_headers, body=await answer.read())
        except aiohttp.ClientConnectorError as exc:
            raise _transport_error(
                request, f"could not connect: {_connect_failure(exc)}", sent=False
            ) from exc
        except aiohttp.ConnectionTimeoutError as exc:
            raise _transport_error(request, "timed out while connecting", sent=False) from exc
        except TimeoutError as exc:
            raise _transport_error(request, f"no answer within {timeout} s", sent=True) from exc
        except aiohttp.ClientResponseError as exc:
            # Its repr (and request_info) holds the request headers, so the token: keep it
            # out of the message and off the exception chain.
            reason = f"unreadable answer: {type(exc).__name__}: {exc.status} {exc.message}"
            raise _transport_error(request, reason, sent=True) from None
        except aiohttp.ClientError as exc:
            reason = f"connection failed: {type(exc).__name__}: {exc}"
            raise _transport_error(request, reason, sent=True) from exc

    async def close(self) -> None:
        """Close the session if this transport created it; a closed transport sends nothing."""
        self._closed = True
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None


@functools.lru_cache(maxsize=32)
def _timeout(seconds: float | None) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=seconds)


def _connect_failure(exc: aiohttp.ClientConnectorError) -> Exception:
    # aiohttp 3.12's certificate error sets no os_error (reading it raises AttributeError).
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return exc.certificate_error
    return exc.os_error


def _transport_error(request: Request, reason: str, *, sent: bool) -> TransportError:
    return TransportError(
        reason, may_have_reached_server=sent, method=request.method, path=request.path
    )


def _aiohttp_body(body: Body, headers: dict[str, str]) -> object:
    if isinstance(body, JsonBody):
        headers.setdefault("Content-Type", "application/json")
        return jsoncodec.dumps(body.data)
    if isinstance(body, FormBody):
        return aiohttp.FormData(list(body.fields))
    return _multipart(body)


def _multipart(body: MultipartBody) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in body.fields:
        form.add_field(name, value)
    for part in body.files:
        form.add_field(
            part.name, _file_content(part), filename=part.filename, content_type=part.content_type
        )
    return form


def _file_content(part: FilePart) -> object:
    if isinstance(part.content, bytes):
        return part.content
    if isinstance(part.content, Path):
        return _read_file(part.content)
    return part.content


async def _read_file(path: Path) -> AsyncIterator[bytes]:
    # Read in chunks from a thread so a large upload neither blocks the loop nor sits in memory.
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, _CHUNK):
            yield chunk
    finally:
        await asyncio.to_thread(handle.close)
