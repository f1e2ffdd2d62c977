"""A private ``redis-server`` for the tests, started once per session on a free loopback port.

Without ``redis-server`` on PATH the tests that need it are skipped, except under ``CI=true``,
where they fail: CI must exercise the shared limiter and token store against a real Redis.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as sync_redis


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers_ping(port: int) -> bool:
    try:
        with sync_redis.Redis(host="127.0.0.1", port=port, socket_timeout=0.5) as client:
            return bool(client.ping())
    except sync_redis.RedisError:
        return False


def _start(executable: str, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    for _ in range(5):  # another program may grab the free port before redis binds it
        port = _free_port()
        process = subprocess.Popen(
            [
                executable,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if _answers_ping(port):
                return process, port
            time.sleep(0.02)
        process.kill()
        process.wait()
    raise RuntimeError("could not start redis-server on a free loopback port")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a redis-server that lives for the whole test session."""
    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not on PATH, and CI=true requires the Redis tests to run")
        pytest.skip("redis-server is not on PATH")
    process, port = _start(executable, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's Redis, emptied before each test."""
    with sync_redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server
