"""The default transport: one ``aiohttp.ClientSession`` shared by every call."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from .. import jsoncodec
from ..durations import seconds_text
from ..errors import MalformedResponseError, TransportError, ZohoBooksError
from ..pipeline.values import Body, FilePart, FormBody, JsonBody, MultipartBody, Request, Response
from .download import download_target, save_stream

_CHUNK = 64 * 1024
#: The default cap on a JSON (or error) answer read into memory: far above any Zoho answer.
DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024
#: The most connections the default pool opens, whatever the open-files limit allows.
MAX_CONNECTIONS = 1000


def default_connector_limit() -> int:
    """The default pool's size: ``min(MAX_CONNECTIONS, half the soft open-files limit)``.

    The pool does not pace anything: the rate limiter keeps each organization to its in-flight
    cap (Zoho: 10), so a process uses at most organizations x 10 connections, and this ceiling
    only keeps the file descriptors they take within what the process may open, with half of
    them left for everything else. 1,000 organizations at 300 ms answers need about 500
    connections to make the 1,667 calls/s Zoho allows them.
    """
    try:
        import resource
    except ImportError:  # not on POSIX: no limit to read
        return MAX_CONNECTIONS
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return MAX_CONNECTIONS
    return max(1, min(MAX_CONNECTIONS, soft // 2))


class AiohttpTransport:
    """Send requests with aiohttp. Owns its session unless one is passed in.

    A borrowed ``session`` is never closed by this transport; its owner closes it. It also
    keeps aiohttp's own silent resend of a GET/PUT/DELETE whose reused connection dropped,
    which the retry stage cannot see: a DELETE resent that way may report NotFoundError
    although its first send did the work.

    An answer read into memory (JSON, errors, documents fetched whole) may hold at most
    ``max_answer_bytes`` (64 MiB by default, ``None`` for no cap); a longer one is cut off while
    it is read and raises MalformedResponseError. Downloads streamed to a file are not capped.
    Errors carry no aiohttp exception in their ``__cause__``/``__context__``: those hold the
    request's headers, so the token.

    ``connector_limit`` caps the connections of the session this transport creates; by default
    (``None``) :func:`default_connector_limit`, so the pool never caps a multi-organization
    process before the rate limiter does.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        connector_limit: int | None = None,
        verify_ssl: bool = True,
        max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._connector_limit = check_connector_limit(connector_limit)
        self._verify_ssl = verify_ssl
        self._max_answer_bytes = check_max_answer_bytes(max_answer_bytes)
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            # Created lazily so the session binds to the running loop. Zoho's API sets no
            # cookies it needs back: a jar that keeps nothing saves its work on every answer.
            connector = aiohttp.TCPConnector(limit=self._connector_limit, ssl=self._verify_ssl)
            session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
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
        # Every failure is raised below, outside the except blocks: aiohttp's exceptions hold
        # the request headers, so they must not be chained; and the answer (whose request_info
        # holds them too) is dropped from this frame, which the error's traceback keeps.
        failure: ZohoBooksError
        answer: aiohttp.ClientResponse | None = None
        try:
            async with self._client().request(
                request.method,
                encoded_url(request),
                timeout=_timeout(timeout),
                allow_redirects=False,
                **_payload(request),
            ) as answer:
                answer_headers = answer.headers  # parsed already; case-insensitive lookups stay cheap
                target = None
                if request.download_to is not None:  # content_type parses the header: ~1-2 us
                    target = download_target(request, answer.status, answer.content_type)
                if target is not None:
                    await save_stream(target, answer.content.iter_chunked(_CHUNK))
                    return Response(status=answer.status, headers=answer_headers, body=b"", saved_to=target)
                body = await _read_capped(answer, self._max_answer_bytes, request)
                return Response(status=answer.status, headers=answer_headers, body=body)
        except ZohoBooksError as exc:
            failure = exc
        except aiohttp.ClientConnectorError as exc:
            failure = _transport_error(request, f"could not connect: {_connect_failure(exc)}", sent=False)
        except aiohttp.ConnectionTimeoutError:
            failure = _transport_error(request, "timed out while connecting", sent=False)
        except TimeoutError:
            failure = _transport_error(request, f"no answer within {seconds_text(timeout)}", sent=True)
        except aiohttp.ClientResponseError as exc:
            reason = f"unreadable answer: {type(exc).__name__}: {exc.status} {exc.message}"
            failure = _transport_error(request, reason, sent=True)
        except aiohttp.ClientError as exc:
            failure = _transport_error(request, f"connection failed: {type(exc).__name__}: {exc}", sent=True)
        answer = None
        raise failure.with_traceback(None)

    async def close(self) -> None:
        """Close the session if this transport created it; a closed transport sends nothing."""
        self._closed = True
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None


def check_connector_limit(value: int | None) -> int:
    """``value`` if it is a positive int, the default pool size for None, else TypeError/ValueError."""
    if value is None:
        return default_connector_limit()
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"connector_limit must be an int or None, got {value!r}")
    if value < 1:
        raise ValueError(f"connector_limit must be 1 or more, got {value}")
    return value


def check_max_answer_bytes(value: int | None) -> int | None:
    """``value`` if it is a positive int or None, else TypeError/ValueError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_answer_bytes must be an int or None, got {value!r}")
    if value < 1:
        raise ValueError(f"max_answer_bytes must be 1 or more, got {value}")
    return value


async def _read_capped(answer: aiohttp.ClientResponse, cap: int | None, request: Request) -> bytes:
    """The whole body, or MalformedResponseError once it passes ``cap`` bytes (never held whole)."""
    if cap is None:
        return await answer.read()
    length = answer.content_length
    # Content-Length counts the bytes on the wire; a compressed body may inflate past it, so
    # only a plain body of a known, allowed length is read in one go.
    if length is not None and "Content-Encoding" not in answer.headers:
        if length <= cap:
            return await answer.read()
        raise _too_large(request, answer.status, f"it announces {length} bytes", cap)
    body = bytearray()
    async for chunk in answer.content.iter_any():
        body += chunk
        if len(body) > cap:
            raise _too_large(request, answer.status, "it ran past that while being read", cap)
    return bytes(body)


def _too_large(request: Request, status: int, how: str, cap: int) -> MalformedResponseError:
    return MalformedResponseError(
        f"Zoho's answer is larger than max_answer_bytes={cap} ({how}); raise the cap on "
        "ZohoBooks(max_answer_bytes=...) if such an answer is expected",
        http_status=status,
        method=request.method,
        path=request.path,
    )


def encoded_url(request: Request) -> URL:
    """The request's URL with its query, percent-encoded once and handed to aiohttp as is.

    ``Request.path`` is already encoded (``Operation.build_path`` quotes text parameters); the
    base URL is encoded by yarl, once per session.
    """
    url = _encoded_base(request.base_url) + request.path
    if request.query:
        url += "?" + "&".join(f"{_quoted(key)}={_quoted(value)}" for key, value in request.query)
    return URL(url, encoded=True)


@functools.lru_cache(maxsize=16)
def _encoded_base(base_url: str) -> str:
    return str(URL(base_url.rstrip("/")))


def _quoted(text: str) -> str:
    return text if text.isascii() and text.isalnum() else quote(text, safe="")


def _payload(request: Request) -> dict[str, Any]:
    # Built in a helper so no frame that an error's traceback passes through holds the headers.
    headers = dict(request.headers)
    if request.body is None:
        return {"headers": headers}
    return {"data": _aiohttp_body(request.body, headers), "headers": headers}


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
