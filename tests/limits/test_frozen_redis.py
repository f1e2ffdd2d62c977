"""A Redis that stops answering (SIGSTOP) fails calls and lets close() finish, instead of hanging."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import _start
from zbooks_async import ZohoBooks
from zbooks_async.errors import TransportError
from zbooks_async.limits.connection import CONNECT_TIMEOUT, SOCKET_TIMEOUT, RedisConnection
from zbooks_async.pipeline import RetryPolicy

ORG = "10234695"
# Short timeouts keep the test fast; the defaults are checked separately below.
FAST = "socket_timeout=0.2&socket_connect_timeout=0.2"


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A redis-server of this test alone: the test freezes it."""
    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not on PATH, and CI=true requires the Redis tests to run")
        pytest.skip("redis-server is not on PATH")
    process, port = _start(executable, tmp_path)
    try:
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait()


def test_clients_built_from_a_url_have_timeouts() -> None:
    connection = RedisConnection.open("redis://127.0.0.1:6379/0")
    options = connection.client.connection_pool.connection_kwargs
    assert options["socket_timeout"] == SOCKET_TIMEOUT
    assert options["socket_connect_timeout"] == CONNECT_TIMEOUT


def test_timeouts_in_the_url_win() -> None:
    connection = RedisConnection.open(f"redis://127.0.0.1:6379/0?{FAST}")
    options = connection.client.connection_pool.connection_kwargs
    assert options["socket_timeout"] == 0.2 and options["socket_connect_timeout"] == 0.2


async def test_a_frozen_redis_fails_calls_and_close_finishes(
    private_redis: tuple[subprocess.Popen[bytes], str],
) -> None:
    process, url = private_redis
    books = ZohoBooks(
        organization_id=ORG,
        access_token="t",
        redis_url=f"{url}?{FAST}",
        retry=RetryPolicy(max_retries=0),
    )
    assert books.limiter is not None
    async with books.limiter.slot(ORG):  # connected, and holding a slot when Redis freezes
        process.send_signal(signal.SIGSTOP)
        with pytest.raises(TransportError, match="could not use Redis") as raised:
            await asyncio.wait_for(books.contacts.get("1"), 20)  # fails: no hang
        assert raised.value.may_have_reached_server is False
    await asyncio.wait_for(books.close(), 20)
