"""A pytest plugin: a fresh Zoho Books sandbox and a ``ZohoBooks`` bound to it, per test.

Installed with zbooks_async and loaded by pytest on its own (entry point ``pytest11``), so
a user's test needs no set-up at all::

    async def test_sync_creates_the_customer(zbooks, zbooks_sandbox):
        await my_app.sync_customer(zbooks, name="Bowman and Co")
        [stored] = zbooks_sandbox.contacts()
        assert stored["contact_name"] == "Bowman and Co"
        assert zbooks_sandbox.stats.requests[-1].method == "POST"

Fixtures (all function-scoped, so each test starts empty):

- ``zbooks_sandbox``: the ``Sandbox`` handle: data (``.contacts()``, ``.organization()``),
  counters and recorded requests (``.stats``), tokens, ``.seed(n)``, ``.expire_tokens()``.
- ``zbooks``: a ``ZohoBooks`` session calling the sandbox in process (no socket), for the
  sandbox's default organization, closed after the test.
- ``zbooks_requests``: the list of ``RecordedRequest`` the sandbox received, in order.
- ``zbooks_clock``: a ``ManualClock``; asking for it makes it the sandbox's clock, so a test
  moves rate windows, token lifetimes and the daily budget with ``zbooks_clock.advance(s)``.
- ``zbooks_base_url``: the sandbox served on 127.0.0.1 (a real socket, for code that takes a
  URL, and for connection-drop faults); the value is the ``base_url`` to give ``ZohoBooks``.
- ``zbooks_factory``: ``await zbooks_factory(**config)`` for more sandboxes in one test; each
  call returns a ``(Sandbox, ZohoBooks)`` pair.

Knobs, as markers on a test (or a module via ``pytestmark``):

- ``@pytest.mark.zbooks_sandbox(**config)``: any ``SandboxConfig`` field, e.g.
  ``seed_contacts=50``, ``daily_budget=3``, ``requests_per_window=5``, ``time_zone="Europe/London"``,
  ``scopes=frozenset({"ZohoBooks.contacts.READ"})``.
- ``@pytest.mark.zbooks_faults(**rates)``: any ``FaultConfig`` field, e.g.
  ``error_500_rate=0.2, seed=7``.
- ``@pytest.mark.zbooks_client(**options)``: keywords for the ``zbooks`` session, e.g.
  ``retry=RetryPolicy(max_retries=0)`` or ``rate_limit=None``.

Requests are recorded by default. The async fixtures run under pytest-asyncio, which
``pip install 'zbooks_async[testing]'`` installs with pytest. An ``async def`` test that asks
for a ``zbooks`` fixture runs under it with no setting (this plugin marks it ``asyncio``);
``asyncio_mode`` is left as the project sets it for its other tests.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any

import attrs
import pytest
from aiohttp.test_utils import TestServer

from .client import ZohoBooks
from .sandbox import (
    API_PREFIX,
    FaultConfig,
    ManualClock,
    RecordedRequest,
    Sandbox,
    SandboxConfig,
    create_app,
)
from .transport import InProcessTransport

try:
    from pytest_asyncio import fixture as async_fixture

    HAS_PYTEST_ASYNCIO = True
except ImportError:  # pragma: no cover - pytest loads this plugin even where pytest-asyncio is absent
    async_fixture = pytest.fixture  # type: ignore[assignment]
    HAS_PYTEST_ASYNCIO = False

TEST_TOKEN = "zbooks-test-token"

Factory = Callable[..., Awaitable[tuple[Sandbox, ZohoBooks]]]

_FIXTURES = frozenset(
    ("zbooks", "zbooks_sandbox", "zbooks_requests", "zbooks_clock", "zbooks_base_url", "zbooks_factory")
)
_MARKERS = {
    "zbooks_sandbox": "zbooks_sandbox(**config): SandboxConfig fields for the zbooks fixtures' sandbox",
    "zbooks_faults": "zbooks_faults(**rates): FaultConfig fields for the zbooks fixtures' sandbox",
    "zbooks_client": "zbooks_client(**options): ZohoBooks keywords for the zbooks fixture",
}


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin's markers so ``--strict-markers`` accepts them."""
    for line in _MARKERS.values():
        config.addinivalue_line("markers", line)


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_pycollect_makeitem(
    collector: pytest.Module | pytest.Class, name: str, obj: object
) -> Generator[None, Any, None]:
    """Mark each ``async def`` test that uses a zbooks fixture ``asyncio``, so pytest-asyncio
    runs it whatever the project's ``asyncio_mode`` (``strict``, its default, would leave it
    unrun: "async def functions are not natively supported").

    ``trylast``: this wrapper sits inside pytest-asyncio's own, so the mark is there when
    pytest-asyncio looks at the collected test.
    """
    outcome = yield
    if not inspect.iscoroutinefunction(obj):
        return
    collected = outcome.get_result()
    items = collected if isinstance(collected, list) else [collected]
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("asyncio") is not None:
            continue
        if _FIXTURES.isdisjoint(item.fixturenames):
            continue
        if not HAS_PYTEST_ASYNCIO:
            raise pytest.UsageError(
                f"{item.nodeid} is an async test using the zbooks fixtures, which need "
                "pytest-asyncio: pip install 'zbooks_async[testing]'"
            )
        item.add_marker("asyncio")


def _marker_kwargs(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    """The keywords of every ``name`` marker on the test, the closest one winning."""
    merged: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(name))):
        merged.update(marker.kwargs)
    return merged


def sandbox_config(request: pytest.FixtureRequest, **overrides: Any) -> SandboxConfig:
    """The ``SandboxConfig`` a test asks for through its markers (and ``overrides``)."""
    fields: dict[str, Any] = {"record_requests": True}
    if "zbooks_clock" in request.fixturenames:
        fields["clock"] = request.getfixturevalue("zbooks_clock")
    fields.update(_marker_kwargs(request, "zbooks_sandbox"))
    fields.update(overrides)
    faults = _marker_kwargs(request, "zbooks_faults")
    if faults:
        base = fields.get("faults", FaultConfig())
        fields["faults"] = attrs.evolve(base, **faults)
    return SandboxConfig(**fields)


def books_for(sandbox: Sandbox, **options: Any) -> ZohoBooks:
    """A ``ZohoBooks`` session calling ``sandbox`` in process (enter it or close it yourself)."""
    settings: dict[str, Any] = {
        "organization_id": sandbox.config.default_organization_id,
        "access_token": TEST_TOKEN,
    }
    settings.update(options)
    # Strict reads: an answer that drifts from the models fails the test instead of being kept.
    settings.setdefault("strict", True)
    settings.setdefault("base_url", f"http://zbooks-sandbox.test{API_PREFIX}")
    settings.setdefault("transport", InProcessTransport(create_app(sandbox=sandbox)))
    return ZohoBooks(**settings)


@pytest.fixture
def zbooks_clock() -> ManualClock:
    """A hand-driven clock that becomes the sandbox's clock when a test asks for it."""
    return ManualClock()


@pytest.fixture
def zbooks_sandbox(request: pytest.FixtureRequest) -> Sandbox:
    """A fresh sandbox, configured by the test's ``zbooks_sandbox``/``zbooks_faults`` markers."""
    return Sandbox(sandbox_config(request))


@pytest.fixture
def zbooks_requests(zbooks_sandbox: Sandbox) -> list[RecordedRequest]:
    """Every API request the sandbox has received so far (a live list)."""
    return zbooks_sandbox.stats.requests


@async_fixture
async def zbooks(request: pytest.FixtureRequest, zbooks_sandbox: Sandbox) -> AsyncIterator[ZohoBooks]:
    """A ``ZohoBooks`` session bound to ``zbooks_sandbox``; ``zbooks_client`` marker keywords apply."""
    async with books_for(zbooks_sandbox, **_marker_kwargs(request, "zbooks_client")) as books:
        yield books


@async_fixture
async def zbooks_base_url(zbooks_sandbox: Sandbox) -> AsyncIterator[str]:
    """The sandbox served on 127.0.0.1; yields the ``base_url`` (``http://127.0.0.1:PORT/books/v3``)."""
    server = TestServer(create_app(sandbox=zbooks_sandbox), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url(API_PREFIX))
    finally:
        await server.close()


@async_fixture
async def zbooks_factory(request: pytest.FixtureRequest) -> AsyncIterator[Factory]:
    """``await zbooks_factory(**config)``: another fresh ``(Sandbox, ZohoBooks)``, closed after the test.

    ``config`` is ``SandboxConfig`` fields on top of the test's markers; ``client=`` takes a
    dict of ``ZohoBooks`` keywords.
    """
    opened: list[ZohoBooks] = []

    async def make(client: dict[str, Any] | None = None, **config: Any) -> tuple[Sandbox, ZohoBooks]:
        sandbox = Sandbox(sandbox_config(request, **config))
        options = {**_marker_kwargs(request, "zbooks_client"), **(client or {})}
        books = books_for(sandbox, **options)
        opened.append(books)
        return sandbox, books

    try:
        yield make
    finally:
        for books in opened:
            await books.close()
