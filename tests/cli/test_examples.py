"""The programs in examples/ run against the sandbox as their docstrings say."""

from __future__ import annotations

import importlib.util
import py_compile
import sys
from pathlib import Path
from types import ModuleType

from aiohttp.test_utils import TestClient, TestServer

from .conftest import ORG, Start

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def test_nightly_sync_copies_everything_then_only_what_changed(start: Start, tmp_path: Path) -> None:
    nightly = load("nightly_sync")
    served = await start(seed_contacts=120)
    store = nightly.Store(tmp_path / "contacts.sqlite")
    try:
        assert await nightly.sync(served.books, store) == 120
        first_mark = await store.mark()
        changed = served.sandbox.contacts()[7]["contact_id"]
        await served.books.contacts.update(changed, notes="edited after the first sync")

        again = await nightly.sync(served.books, store)

        assert 1 <= again <= 3  # the edit, plus any contact stamped in the mark's own second
        assert (await store.mark()) > first_mark
    finally:
        store.close()


async def test_web_app_serves_contacts_from_one_shared_session(start: Start) -> None:
    web_app = load("web_app")
    served = await start(seed_contacts=30)
    app = web_app.create_app(
        organization_id=ORG, access_token="test-token", base_url=f"{served.url}/books/v3", rate_limit=None
    )
    first = served.sandbox.contacts()[0]
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        answer = await client.get(f"/contacts/{first['contact_id']}")
        assert answer.status == 200
        assert (await answer.json())["contact_name"] == first["contact_name"]
        assert (await client.get("/contacts/999999")).status == 404
        assert (await client.get("/contacts/not-an-id")).status == 400
        found = await (await client.get("/contacts", params={"search": first["contact_name"][:4]})).json()
        assert first["contact_id"] in [c["contact_id"] for c in found]


def test_arq_worker_compiles(tmp_path: Path) -> None:
    # arq is not a dependency of the project, so the worker is only compiled here.
    py_compile.compile(str(EXAMPLES / "arq_worker.py"), cfile=str(tmp_path / "arq_worker.pyc"), doraise=True)
