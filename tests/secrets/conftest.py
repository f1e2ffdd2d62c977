"""Fixtures for the secrets tests: a token to look for, loopback servers, a self-signed cert."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.http_mock import mocked, mocked_books
from tests.secrets.secret_support import ACCESS_TOKEN, ORGANIZATION_ID
from zbooks_async import RetryPolicy, ZohoBooks

__all__ = ["books", "mocked", "self_signed", "serve"]


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    retry = RetryPolicy(max_retries=2, base_delay=0.0, max_delay=0.0)
    async with mocked_books(retry, organization_id=ORGANIZATION_ID, token=ACCESS_TOKEN) as session:
        yield session


@pytest.fixture
async def serve() -> AsyncIterator[object]:
    """``await serve(app, ssl_context=None)`` runs ``app`` on 127.0.0.1 and returns its root URL."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application, ssl_context: ssl.SSLContext | None = None) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
        await site.start()
        port = runner.addresses[0][1]
        scheme = "https" if ssl_context else "http"
        return f"{scheme}://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server TLS context with a freshly made self-signed certificate for 127.0.0.1."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a self-signed certificate")
    folder: Path = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
