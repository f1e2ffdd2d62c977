"""Real aiohttp against misbehaving loopback servers: endless and oversized answers, deep JSON,
broken HTTP whose aiohttp error holds the token, and two downloads racing for one file."""

from __future__ import annotations

import asyncio
import gc
import gzip
import tracemalloc
import types
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.secrets.secret_support import ACCESS_TOKEN, leaks
from zbooks_async import MalformedResponseError, RequestOptions, TransportError, ZohoBooks

ORG = "10234695"
CONTACT_ID = "460000000026049"
NO_RETRY = RequestOptions(max_retries=0)
CAP = 256 * 1024
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def raw_server(handle: Handler) -> AsyncIterator[str]:
    """A loopback server that answers with whatever bytes ``handle`` writes; yields the API root."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up, as it should on an answer it refuses
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/books/v3"
    finally:
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def app_server(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/books/v3"
    finally:
        await runner.cleanup()


def session(api: str, **options: Any) -> ZohoBooks:
    return ZohoBooks(
        organization_id=ORG, access_token=ACCESS_TOKEN, base_url=api, rate_limit=None, **options
    )


async def endless_json(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b'{"code":0,"contact":{"notes":"' + b"x" * 65_000
    while True:  # until the client hangs up
        writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        await writer.drain()
        chunk = b"x" * 65_536


async def test_an_endless_answer_is_cut_off_at_the_cap_without_growing_memory() -> None:
    async with raw_server(endless_json) as api, session(api, max_answer_bytes=CAP) as books:
        tracemalloc.start()
        try:
            with pytest.raises(MalformedResponseError, match="larger than max_answer_bytes") as caught:
                await books.contacts.get(CONTACT_ID, options=NO_RETRY)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert caught.value.http_status == 200
    assert peak < 8 * CAP, f"peak {peak} bytes for a cap of {CAP}"


async def test_an_answer_announcing_more_than_the_cap_is_refused_before_it_is_read() -> None:
    async def huge(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{"
        )
        await writer.drain()
        await asyncio.Event().wait()  # sends nothing more; the client must not wait for it

    async with raw_server(huge) as api, session(api, max_answer_bytes=CAP) as books:
        with pytest.raises(MalformedResponseError, match="announces 10000000000 bytes"):
            await books.contacts.get(CONTACT_ID, options=NO_RETRY)


async def test_a_compressed_answer_is_capped_by_its_inflated_size() -> None:
    body = gzip.compress(b'{"code":0,"contact":{"notes":"' + b"x" * (4 * CAP) + b'"}}')

    async def bomb(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        await writer.drain()

    assert len(body) < CAP
    async with raw_server(bomb) as api, session(api, max_answer_bytes=CAP) as books:
        with pytest.raises(MalformedResponseError, match="larger than max_answer_bytes"):
            await books.contacts.get(CONTACT_ID, options=NO_RETRY)


async def test_an_answer_within_the_cap_reads_normally() -> None:
    async def contact(_: web.Request) -> web.Response:
        contact = {
            "contact_id": CONTACT_ID,
            "contact_name": "A",
            "contact_type": "customer",
            "status": "active",
        }
        return web.json_response({"code": 0, "message": "success", "contact": contact})

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}", contact)
    async with app_server(app) as api, session(api, max_answer_bytes=1024) as books:
        assert (await books.contacts.get(CONTACT_ID)).contact_id == CONTACT_ID


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "64"])
def test_a_bad_cap_is_refused_when_the_session_is_built(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        ZohoBooks(organization_id=ORG, access_token="t", max_answer_bytes=value)  # type: ignore[arg-type]


def statement_app(pdf: Callable[[str], bytes], chunk: int = 4096) -> web.Application:
    async def statement(request: web.Request) -> web.StreamResponse:
        body = pdf(request.match_info["contact_id"])
        answer = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        await answer.prepare(request)
        for start in range(0, len(body), chunk):
            await answer.write(body[start : start + chunk])
            await asyncio.sleep(0)  # lets the other download's chunks in between
        await answer.write_eof()
        return answer

    app = web.Application()
    app.router.add_get("/books/v3/contacts/{contact_id}/statements", statement)
    return app


async def test_a_streamed_download_is_not_held_to_the_answer_cap(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4 " + bytes(range(256)) * 64
    async with app_server(statement_app(lambda _: pdf)) as api, session(api, max_answer_bytes=1024) as books:
        await books.contacts.statements.download("7", tmp_path / "s.pdf")
    assert (tmp_path / "s.pdf").read_bytes() == pdf


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


async def test_two_downloads_to_one_path_leave_one_whole_file(tmp_path: Path) -> None:
    pdfs = {"1": b"%PDF-1 " + b"a" * 200_000, "2": b"%PDF-2 " + b"b" * 200_000}
    target = tmp_path / "statement.pdf"
    async with app_server(statement_app(pdfs.__getitem__)) as api, session(api) as books:
        await asyncio.gather(
            books.contacts.statements.download("1", target),
            books.contacts.statements.download("2", target),
        )
    assert target.read_bytes() in pdfs.values()
    assert files_in(tmp_path) == ["statement.pdf"]


async def broken_http(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}")
    await writer.drain()


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through attributes, containers and exception chains
    (frames and tracebacks aside: they are checked apart)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, type | types.ModuleType | types.FunctionType):
            continue
        seen.add(id(value))
        yield value
        if isinstance(value, str | bytes | int | float | types.FrameType | types.TracebackType):
            continue
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
            continue
        if isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
            continue
        if isinstance(value, BaseException):
            stack.extend([value.__cause__, value.__context__, value.args])
        stack.extend(gc.get_referents(value))


async def test_no_token_is_reachable_from_a_transport_error_over_broken_http() -> None:
    async with raw_server(broken_http) as api, session(api) as books:
        with pytest.raises(TransportError, match="unreadable answer") as caught:
            await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    error = caught.value
    assert error.__cause__ is None and error.__context__ is None
    texts = [repr(value) for value in reachable(error) if not isinstance(value, ZohoBooks)]
    assert not leaks("\n".join(texts))


async def test_no_transport_frame_of_a_failed_call_holds_the_headers() -> None:
    # What a logger printing every frame's locals (loguru's diagnose) would show of the transport.
    async with raw_server(broken_http) as api, session(api) as books:
        with pytest.raises(TransportError) as caught:
            await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    traceback = caught.value.__traceback__
    transport_frames = 0
    while traceback is not None:
        frame = traceback.tb_frame
        if "/transport/" in frame.f_code.co_filename:
            transport_frames += 1
            assert not leaks(repr(frame.f_locals)), frame.f_code.co_name
        traceback = traceback.tb_next
    assert transport_frames == 1  # the send frame; the exchange with aiohttp is not kept


async def test_a_deeply_nested_answer_over_a_socket_is_malformed() -> None:
    body = b'{"code":0,"contact":' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    async def deep(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)
        )
        await writer.drain()

    async with raw_server(deep) as api, session(api) as books:
        with pytest.raises(MalformedResponseError, match="nested too deeply"):
            await books.contacts.get(CONTACT_ID, options=NO_RETRY)
