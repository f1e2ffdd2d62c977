"""Unknown outcomes: a closed session is unknown, never failed; creates with a natural key resolve."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.scripted_faults import ScriptedFaults
from zbooks_async import (
    ClientClosedError,
    Contact,
    NotFoundError,
    OutcomeUnknownError,
    ValidationError,
    ZohoBooks,
)
from zbooks_async.bulk import NATURAL_KEYS, Checkpoint, create_resolving, run_bulk
from zbooks_async.sandbox import FaultConfig
from zbooks_async.sandbox.faults import FaultInjector

from .conftest import Served

Serve = Callable[..., Awaitable[Served]]
NAMES = [f"Shutdown Co {n}" for n in range(10)]


async def create_contact(books: ZohoBooks, name: str) -> Contact:
    return await books.contacts.create(contact_name=name, contact_type="customer")


async def test_closing_the_session_mid_run_then_resuming_doubles_nothing(
    serve_sandbox: Serve, tmp_path: Path
) -> None:
    # Every create is held by the sandbox: "slow_answer" ones are stored and their answer
    # withheld, "slow" ones wait before doing anything (and do nothing once the client left).
    served = await serve_sandbox(faults=FaultConfig(slow_seconds=60))
    served.sandbox.faults = ScriptedFaults(*["slow_answer", "slow"] * 5)  # type: ignore[assignment]
    checkpoint = tmp_path / "run.ckpt"
    books = served.session()
    run = run_bulk(books, NAMES, create_contact, key=str, checkpoint=checkpoint)
    first = asyncio.create_task(run.complete())
    # The sandbox has no event for "stored": watch its state until all ten are held.
    while not (len(served.posts()) == 10 and len(served.names()) == 5):  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    await books.close()  # a graceful-shutdown hook
    report = await first

    assert (report.unknown, report.failed, report.succeeded) == (10, 0, 0)
    assert all(isinstance(entry.error, OutcomeUnknownError) for entry in report.problems)
    assert all(isinstance(entry.error.__cause__, ClientClosedError) for entry in report.problems)
    entries = [json.loads(line) for line in checkpoint.read_text().splitlines()[1:]]
    assert {e["key"]: e["outcome"] for e in entries if "outcome" in e} == dict.fromkeys(NAMES, "unknown")

    served.sandbox.faults = FaultInjector(FaultConfig())
    async with served.session() as again:
        resumed = await run_bulk(again, NAMES, create_contact, key=str, checkpoint=checkpoint).complete()

    assert served.names() == sorted(NAMES)  # each once: 0 doubled, 0 lost
    assert (resumed.succeeded, resumed.unknown, resumed.failed) == (10, 0, 0)


async def test_without_resolving_a_resumed_run_reports_them_unknown_and_sends_nothing(
    serve_sandbox: Serve, tmp_path: Path
) -> None:
    served = await serve_sandbox()
    checkpoint = tmp_path / "run.ckpt"
    served.sandbox.faults = ScriptedFaults("reset_after", "reset_after")  # type: ignore[assignment]
    async with served.session() as books:
        first = await run_bulk(
            books, NAMES[:2], create_contact, key=str, checkpoint=checkpoint, resolve_unknown=False
        ).complete()
        posts = len(served.posts())
        second = await run_bulk(
            books, NAMES[:2], create_contact, key=str, checkpoint=checkpoint, resolve_unknown=False
        ).complete()

    assert first.unknown == 2 and second.unknown == 2
    assert all(entry.earlier_run for entry in second.unknowns)
    assert len(served.posts()) == posts == 2
    assert served.names() == sorted(NAMES[:2])


async def test_a_lost_create_answer_is_resolved_inside_the_run(serve_sandbox: Serve) -> None:
    served = await serve_sandbox()
    served.sandbox.faults = ScriptedFaults("reset_after", "truncated_json")  # type: ignore[assignment]
    async with served.session() as books:
        report = await run_bulk(books, NAMES[:3], create_contact, key=str, concurrency=1).complete()

    assert (report.succeeded, report.unknown, report.failed) == (3, 0, 0)
    assert served.names() == sorted(NAMES[:3])


async def test_a_single_create_can_ask_to_resolve(serve_sandbox: Serve) -> None:
    served = await serve_sandbox()
    served.sandbox.faults = ScriptedFaults("slow_answer")  # type: ignore[assignment]
    async with ZohoBooks(
        organization_id="10234695",
        access_token="test-token",
        base_url=f"{served.url}/books/v3",
        rate_limit=None,
        timeout=0.3,
    ) as books:
        contact = await books.contacts.create(contact_name="Bowman and Co", resolve_unknown=True)

    assert contact.contact_name == "Bowman and Co" and contact.contact_id
    assert served.names() == ["Bowman and Co"]
    assert served.posts() == ["Bowman and Co", "Bowman and Co"]  # sent again, stored once


async def test_a_single_create_outside_a_run_does_not_resolve_by_default(serve_sandbox: Serve) -> None:
    served = await serve_sandbox()
    served.sandbox.faults = ScriptedFaults("reset_after")  # type: ignore[assignment]
    async with served.session() as books:
        with pytest.raises(OutcomeUnknownError):
            await books.contacts.create(contact_name="Bowman and Co")
    assert served.posts() == ["Bowman and Co"]


async def test_a_duplicate_without_an_unknown_attempt_still_fails(serve_sandbox: Serve) -> None:
    served = await serve_sandbox()
    async with served.session() as books:
        await books.contacts.create(contact_name="Bowman and Co")
        report = await run_bulk(books, ["bowman and co"], create_contact).complete()

    (failure,) = report.failures
    assert isinstance(failure.error, ValidationError) and failure.error.code == 3062


async def test_resends_are_bounded_and_the_outcome_then_stays_unknown(serve_sandbox: Serve) -> None:
    served = await serve_sandbox()
    served.sandbox.faults = ScriptedFaults(*["error_500"] * 20)  # type: ignore[assignment]
    async with served.session() as books:
        with pytest.raises(OutcomeUnknownError, match="still unknown after 5 resends"):
            await books.contacts.create(contact_name="Bowman and Co", resolve_unknown=True)
    assert len(served.posts()) == 6


async def test_only_creates_in_the_natural_key_table_resolve(books: ZohoBooks) -> None:
    assert set(NATURAL_KEYS) == {"contacts.create"}

    async def create() -> None:
        raise AssertionError("not sent")

    with pytest.raises(ValueError, match="no natural key"):
        await create_resolving(books, "invoices.create", {"customer_id": "1"}, create)


async def test_resolve_unknown_must_be_a_bool(books: ZohoBooks) -> None:
    with pytest.raises(TypeError, match="resolve_unknown"):
        await books.contacts.create(contact_name="X", resolve_unknown="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resolve_unknown"):
        run_bulk(books, [], create_contact, resolve_unknown=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("cut_off", [ClientClosedError("session closed"), TimeoutError()])
async def test_an_item_cut_off_in_flight_is_unknown_in_report_and_checkpoint(
    books: ZohoBooks, tmp_path: Path, cut_off: Exception
) -> None:
    async def operation(books: ZohoBooks, item: int) -> int:
        raise cut_off

    path = tmp_path / "run.ckpt"
    report = await run_bulk(books, [1], operation, checkpoint=path, halt_on=()).complete()

    (entry,) = report.unknowns
    assert isinstance(entry.error, OutcomeUnknownError) and entry.error.__cause__ is cut_off
    assert entry.to_json()["error_type"] == "OutcomeUnknownError"
    checkpoint = await Checkpoint.open(path)
    assert checkpoint.outcome("0") == "unknown" and not checkpoint.resolvable("0")
    checkpoint.close()


async def test_an_idempotent_run_redoes_items_cut_off_by_a_closed_session(books: ZohoBooks) -> None:
    async def operation(books: ZohoBooks, item: int) -> int:
        raise ClientClosedError("session closed")

    report = await run_bulk(books, [1], operation, idempotent=True).complete()
    assert report.failed == 1 and report.halted is not None


async def test_a_failed_lookup_is_not_read_as_unknown(books: ZohoBooks) -> None:
    async def operation(books: ZohoBooks, item: int) -> int:
        raise NotFoundError("gone", code=1002, http_status=404)

    report = await run_bulk(books, [1], operation).complete()
    assert report.failed == 1


async def test_a_resend_failing_otherwise_leaves_the_outcome_unknown_not_failed(
    serve_sandbox: Serve,
) -> None:
    # The first create is stored and its answer lost; the resend meets an expired token that
    # cannot be renewed: the item must not read "failed", or a resumed run would send it again.
    served = await serve_sandbox()
    served.sandbox.faults = ScriptedFaults("reset_after", "token_expiry")  # type: ignore[assignment]
    async with served.session() as books:
        with pytest.raises(OutcomeUnknownError, match="resolving it failed") as caught:
            await books.contacts.create(contact_name="Bowman and Co", resolve_unknown=True)
    assert caught.value.__cause__ is not None
    assert served.names() == ["Bowman and Co"]


async def test_a_create_in_flight_when_the_process_dies_is_resolved_on_resume(
    serve_sandbox: Serve, tmp_path: Path
) -> None:
    served = await serve_sandbox(faults=FaultConfig(slow_seconds=60))
    served.sandbox.faults = ScriptedFaults("slow_answer")  # type: ignore[assignment]
    checkpoint = tmp_path / "run.ckpt"
    killed = tmp_path / "killed.ckpt"
    async with served.session() as books:
        task = asyncio.create_task(
            run_bulk(books, ["Zylker"], create_contact, key=str, checkpoint=checkpoint).complete()
        )
        while not served.names():  # noqa: ASYNC110 - the sandbox has no event for "stored"
            await asyncio.sleep(0.01)
        killed.write_bytes(checkpoint.read_bytes())  # the file as kill -9 would leave it
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        resumed = await run_bulk(books, ["Zylker"], create_contact, key=str, checkpoint=killed).complete()

    assert (resumed.succeeded, resumed.unknown) == (1, 0)
    assert served.names() == ["Zylker"] and served.posts() == ["Zylker", "Zylker"]
