"""Saving a binary answer straight to disk, so a large PDF never sits in memory whole.

Both transports use this when a request names a ``download_to`` file: a successful answer that
is not JSON goes to the file; errors (JSON, or status >= 400) are read into memory as usual so
the decode stage can report them. The file appears only once complete: chunks go to a hidden
``.part`` sibling with a name of its own (so two downloads to one path never write the same
file), which atomically replaces the target at the end and is removed if the transfer fails.
Two downloads to one path each leave a whole file; the one that finishes last stays.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

from ..pipeline.values import Request


def download_target(request: Request, status: int, content_type: str | None) -> Path | None:
    """The file this answer's body should go to instead of memory, if any."""
    if status >= 400 or "json" in (content_type or "").lower():
        return None
    return request.download_to


async def _single(body: bytes) -> AsyncIterator[bytes]:
    yield body


async def save_bytes(path: Path, body: bytes) -> int:
    """Write an answer already in memory the same way (used by the in-process transport)."""
    return await save_stream(path, _single(body))


async def save_stream(path: Path, chunks: AsyncIterable[bytes]) -> int:
    """Write ``chunks`` to ``path`` (atomically replacing it) and return the byte count."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    handle = await asyncio.to_thread(partial.open, "xb")  # "x": never someone else's file
    written = 0
    try:
        try:
            async for chunk in chunks:
                await asyncio.to_thread(handle.write, chunk)
                written += len(chunk)
        finally:
            await asyncio.to_thread(handle.close)
        await asyncio.to_thread(os.replace, partial, path)
    except BaseException:
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        raise
    return written
