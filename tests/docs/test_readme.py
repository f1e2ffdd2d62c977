"""Every python block of the README runs, against the sandbox instead of real Zoho.

``tests/readme_blocks.py`` extracts the blocks (CI also runs ``mypy --strict`` over them). Here a
sandbox is served on 127.0.0.1 and ``zbooks_async.ZohoBooks`` is swapped for a subclass that sends
every session there: real credentials become the sandbox's OAuth client, ``data_center`` and
``base_url`` become the sandbox's URL, ``redis_url`` the tests' redis-server. A whole-program
block's ``asyncio.run(main())`` is awaited in the test's own loop; a snippet gets an open session
``books`` and an existing ``contact_id``, as the README says.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

import zbooks_async
from tests.readme_blocks import README, SNIPPET_FUNCTION, Block, python_blocks
from zbooks_async import ZohoBooks
from zbooks_async.datacenters import DATA_CENTERS
from zbooks_async.sandbox import SandboxConfig, serve

ORG = "10234695"
BLOCKS = python_blocks()
RUN = [block for block in BLOCKS if block.skip_reason is None]
SANDBOX_OAUTH = {
    "client_id": "sandbox-client",
    "client_secret": "sandbox-secret",
    "refresh_token": "sandbox-refresh",
}
LOGGERS = ("", "zbooks_async", "zbooks_async.auth", "zbooks_async.retry", "zbooks_async.limits")


@pytest.fixture
async def sandbox_url() -> AsyncIterator[str]:
    runner = await serve("127.0.0.1", 0, SandboxConfig(seed_contacts=3).unlimited())
    try:
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
def loggers_restored() -> Iterator[None]:
    """The Logging sample sets levels and may add handlers: put them back afterwards."""
    saved = [(logger, logger.level, list(logger.handlers)) for logger in map(logging.getLogger, LOGGERS)]
    yield
    for logger, level, handlers in saved:
        logger.setLevel(level)
        logger.handlers[:] = handlers


def sandbox_session_class(url: str, redis_url: str | None) -> type[ZohoBooks]:
    class SandboxBooks(ZohoBooks):
        """ZohoBooks with every real-Zoho setting pointed at the test sandbox."""

        def __init__(self, **keywords: Any) -> None:
            if "transport" not in keywords:  # a sample that brings its own sandbox keeps it
                keywords.pop("data_center", None)
                keywords["base_url"] = f"{url}/books/v3"
                if "refresh_token" in keywords:
                    keywords |= {**SANDBOX_OAUTH, "accounts_url": url}
                if "redis_url" in keywords:
                    assert redis_url is not None
                    keywords["redis_url"] = redis_url
            super().__init__(**keywords)

    return SandboxBooks


def awaiting_asyncio_run(block: Block) -> Any:
    """The program's code with its top-level ``asyncio.run(x)`` turned into ``await x``."""
    tree = ast.parse(block.code)
    for index, statement in enumerate(tree.body):
        call = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "run"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "asyncio"
        ):
            tree.body[index] = ast.copy_location(ast.Expr(ast.Await(call.args[0])), statement)
    ast.fix_missing_locations(tree)
    return compile(tree, f"README.md:{block.line}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def test_the_readme_has_python_blocks_and_skips_only_with_a_reason() -> None:
    assert len(RUN) >= 12
    assert all(block.skip_reason and block.skip_reason.strip() for block in BLOCKS if block not in RUN)


def test_programs_and_snippets_are_told_apart() -> None:
    assert any(block.is_program for block in RUN) and any(not block.is_program for block in RUN)


@pytest.mark.usefixtures("loggers_restored")
@pytest.mark.parametrize("block", RUN, ids=lambda block: block.name)
async def test_readme_block_runs_against_the_sandbox(
    block: Block,
    sandbox_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    redis_url = request.getfixturevalue("redis_url") if "redis_url=" in block.code else None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w9.pdf").write_bytes(b"%PDF-1.4\n% a W-9 form the Files sample uploads\n%%EOF\n")
    monkeypatch.setenv("ZOHO_ORGANIZATION_ID", ORG)
    monkeypatch.setenv("ZOHO_CLIENT_ID", "1000.README")
    monkeypatch.setenv("ZOHO_CLIENT_SECRET", "readme-client-secret")
    monkeypatch.setenv("ZOHO_REFRESH_TOKEN", "readme-refresh-token")
    sandboxed = sandbox_session_class(sandbox_url, redis_url)
    monkeypatch.setattr(zbooks_async, "ZohoBooks", sandboxed)

    namespace: dict[str, Any] = {"__name__": f"readme_line_{block.line}"}
    if block.is_program:
        running = eval(awaiting_asyncio_run(block), namespace)
        if running is not None:
            await running
        return
    exec(compile(block.module_source(), f"README.md:{block.line}", "exec"), namespace)
    async with sandboxed(organization_id=ORG, access_token="readme-token") as books:
        contact = await books.contacts.create(contact_name=f"Readme {block.line}", contact_type="customer")
        await namespace[SNIPPET_FUNCTION](books, contact.contact_id)


def test_blocks_are_found_with_their_heading_and_skip_reason(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Title\n\n## Tasks\n\n```python\nawait books.contacts.get(contact_id)\n```\n\n"
        "```console\n$ zbooks demo\n```\n\n"
        "<!-- readme: skip (needs httpx) -->\n```python\nimport httpx\n```\n",
        encoding="utf-8",
    )
    first, skipped = python_blocks(readme)
    assert (first.line, first.heading, first.skip_reason) == (6, "Tasks", None)
    assert "async def readme_block(books: ZohoBooks, contact_id: str) -> None:" in first.module_source()
    assert skipped.skip_reason == "needs httpx" and skipped.code == "import httpx\n"


def test_every_logger_the_readme_names_is_one_the_package_logs_to() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Logging") : text.index("\n## ", text.index("## Logging") + 1)]
    named = set(re.findall(r"^\| `(zbooks_async[a-z_.]*)` \|", section, flags=re.MULTILINE))
    package = Path(zbooks_async.__file__).parent
    used = {
        name
        for path in package.rglob("*.py")
        for name in re.findall(r'getLogger\("([^"]+)"\)', path.read_text(encoding="utf-8"))
    }
    assert named and named <= used, named - used


def test_every_list_of_data_centers_in_the_readme_names_each_one() -> None:
    text = README.read_text(encoding="utf-8")
    # A comment or sentence listing data centers: "com (default), eu, in, ..." or "`com` (default), `eu`..."
    lists = re.findall(r"com`? \(default\),[^\n]*", text)
    assert lists
    for listed in lists:
        named = set(re.findall(r"[a-z]+(?:\.[a-z]+)?", listed.replace("default", "")))
        assert set(DATA_CENTERS) <= named, (listed, set(DATA_CENTERS) - named)


def test_the_readme_has_no_placeholder_install_line() -> None:
    text = README.read_text(encoding="utf-8")
    assert "<its" not in text and "git+<" not in text
    assert "pip install -e '/path/to/zbooks_async[redis,cli]'" in text


def test_the_error_attributes_the_readme_names_exist() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Errors") :]
    sentence = section[: section.index(". ")]
    named = re.findall(r"`([a-z_]+)`", sentence)
    assert "http_status" in named
    error = zbooks_async.ZohoBooksError("x", code=1, http_status=400, method="GET", path="/contacts")
    assert all(hasattr(error, name) for name in named), [n for n in named if not hasattr(error, n)]
