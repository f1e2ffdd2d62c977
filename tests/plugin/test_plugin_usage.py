"""The zbooks_async pytest plugin used the way a user's tests use it: no set-up, only fixtures."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from zbooks_async import AuthenticationError, RateLimitError, RetryPolicy, ServerError, ZohoBooks
from zbooks_async.sandbox import ManualClock, RecordedRequest, Sandbox


async def test_a_fresh_sandbox_and_a_session_bound_to_it(zbooks: ZohoBooks, zbooks_sandbox: Sandbox) -> None:
    created = await zbooks.contacts.create(contact_name="Bowman and Co")
    [stored] = zbooks_sandbox.contacts()
    assert stored["contact_id"] == created.contact_id
    assert stored["contact_name"] == "Bowman and Co"


async def test_each_test_starts_empty(zbooks: ZohoBooks, zbooks_sandbox: Sandbox) -> None:
    assert zbooks_sandbox.contacts() == []
    assert [c async for c in zbooks.contacts.list()] == []


async def test_recorded_requests_show_what_was_sent(
    zbooks: ZohoBooks, zbooks_requests: list[RecordedRequest]
) -> None:
    await zbooks.contacts.create(contact_name="Bowman and Co", payment_terms=30)
    [sent] = zbooks_requests
    assert (sent.method, sent.path) == ("POST", "/books/v3/contacts")
    assert sent.body == {"contact_name": "Bowman and Co", "payment_terms": 30}


@pytest.mark.zbooks_sandbox(seed_contacts=12)
async def test_a_marker_seeds_the_sandbox(zbooks: ZohoBooks) -> None:
    assert len([c async for c in zbooks.contacts.list()]) == 12


@pytest.mark.zbooks_sandbox(daily_budget=2, requests_per_window=None)
@pytest.mark.zbooks_client(retry=RetryPolicy(max_retries=0), rate_limit=None)
async def test_a_limit_knob_makes_zoho_refuse(zbooks: ZohoBooks) -> None:
    for _ in range(2):
        await zbooks.contacts.create(contact_name=f"Contact {_}")
    with pytest.raises(RateLimitError) as refused:
        await zbooks.contacts.create(contact_name="One too many")
    assert refused.value.code == 45


@pytest.mark.zbooks_faults(error_500_rate=1.0)
@pytest.mark.zbooks_client(retry=RetryPolicy(max_retries=0))
async def test_a_fault_knob_makes_the_sandbox_fail(zbooks: ZohoBooks, zbooks_sandbox: Sandbox) -> None:
    with pytest.raises(ServerError):
        await zbooks.contacts.get("460000000026049")
    assert zbooks_sandbox.stats.faults_injected["error_500"] == 1


@pytest.mark.zbooks_sandbox(daily_budget=1, requests_per_window=None)
@pytest.mark.zbooks_client(retry=RetryPolicy(max_retries=0), rate_limit=None)
async def test_the_clock_fixture_moves_the_sandbox_day(zbooks: ZohoBooks, zbooks_clock: ManualClock) -> None:
    await zbooks.contacts.create(contact_name="Today")
    with pytest.raises(RateLimitError):
        await zbooks.contacts.create(contact_name="Still today")
    zbooks_clock.advance(86400)
    assert (await zbooks.contacts.create(contact_name="Tomorrow")).contact_name == "Tomorrow"


@pytest.mark.zbooks_sandbox(scopes=frozenset({"ZohoBooks.contacts.READ"}))
@pytest.mark.zbooks_client(retry=RetryPolicy(max_retries=0))
async def test_a_scope_knob_refuses_writes(zbooks: ZohoBooks) -> None:
    assert [c async for c in zbooks.contacts.list()] == []
    with pytest.raises(AuthenticationError) as refused:
        await zbooks.contacts.create(contact_name="Bowman and Co")
    assert (refused.value.http_status, refused.value.code) == (401, 57)


async def test_the_sandbox_on_a_socket(zbooks_base_url: str, zbooks_sandbox: Sandbox) -> None:
    assert zbooks_base_url.startswith("http://127.0.0.1:") and zbooks_base_url.endswith("/books/v3")
    async with ZohoBooks(organization_id="10234695", access_token="t", base_url=zbooks_base_url) as books:
        await books.contacts.create(contact_name="Over TCP")
    assert [c["contact_name"] for c in zbooks_sandbox.contacts()] == ["Over TCP"]


async def test_a_factory_gives_more_sandboxes(zbooks_factory: Any) -> None:
    first_sandbox, first = await zbooks_factory(seed_contacts=2)
    second_sandbox, second = await zbooks_factory(default_organization_id="20234695")
    await second.contacts.create(contact_name="Only here")
    assert len(first_sandbox.contacts()) == 2
    assert [c["contact_name"] for c in second_sandbox.contacts("20234695")] == ["Only here"]
    assert first.organization_id == "10234695" and second.organization_id == "20234695"


def test_the_markers_are_registered(pytestconfig: pytest.Config) -> None:
    registered = [line.split("(")[0] for line in pytestconfig.getini("markers")]
    assert {"zbooks_sandbox", "zbooks_faults", "zbooks_client"} <= set(registered)


def test_importing_the_sdk_loads_no_test_machinery() -> None:
    code = (
        "import sys, zbooks_async, zbooks_async.sandbox; "
        "print(sorted(m for m in ('pytest', '_pytest', 'zbooks_async.testing') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_async_tests_using_the_fixtures_run_in_pytest_asyncio_strict_mode(tmp_path: Any) -> None:
    # A project with no pytest-asyncio setting (strict mode): the plugin marks the tests using
    # zbooks fixtures; an async test of the project's own is left to the project's mode.
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    (tmp_path / "test_user.py").write_text(
        "async def test_uses_zbooks(zbooks):\n"
        "    await zbooks.contacts.create(contact_name='Strict')\n\n"
        "async def test_uses_only_the_sandbox(zbooks_sandbox):\n"
        "    assert zbooks_sandbox.contacts() == []\n\n"
        "async def test_of_its_own():\n"
        "    pass\n"
    )
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "PASSED test_user.py::test_uses_zbooks" in ran.stdout
    assert "PASSED test_user.py::test_uses_only_the_sandbox" in ran.stdout
    assert "PASSED test_user.py::test_of_its_own" not in ran.stdout  # strict mode: not ours to run
