"""Every fault the sandbox can inject, met by the SDK over a real loopback connection."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterable

import pytest

from tests.faults.fault_support import ORGANIZATION_ID, SandboxTokens, running_sandbox
from zbooks_async import (
    AuthenticationError,
    OutcomeUnknownError,
    RateLimit,
    RetryPolicy,
    ZohoBooks,
)
from zbooks_async.sandbox import FaultConfig, Sandbox, SandboxConfig, create_app, get_sandbox
from zbooks_async.sandbox.faults import FaultInjector
from zbooks_async.transport import InProcessTransport

SLOW = 2.0  # seconds the sandbox holds a slow request: well past the client's timeout
# The client gives up on a slow request after this long; a normal request on a loaded machine
# must stay well under it (0.3 s was seen exceeded once under full-suite load).
TIMEOUT = 1.0


class ScriptedFaults(FaultInjector):
    """Injects the given kinds to the next requests in order (None: no fault), then none."""

    def __init__(self, config: FaultConfig, kinds: Iterable[str | None]) -> None:
        super().__init__(config)
        self._script = deque(kinds)

    def draw(self) -> str | None:
        if not self._script:
            return None
        kind = self._script.popleft()
        if kind == "throttle_burst":
            self._bursts += 1
        return kind


def script(sandbox: Sandbox, *kinds: str | None) -> None:
    sandbox.faults = ScriptedFaults(sandbox.config.faults, kinds)


def config(**faults: object) -> SandboxConfig:
    return SandboxConfig(
        record_requests=True,
        requests_per_window=None,
        daily_budget=None,
        faults=FaultConfig(slow_seconds=SLOW, **faults),  # type: ignore[arg-type]
    )


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[Sandbox, ZohoBooks]]:
    async with running_sandbox(config(retry_after_seconds=0)) as (handle, root):
        async with ZohoBooks(
            organization_id=ORGANIZATION_ID,
            token_source=SandboxTokens(root),
            base_url=f"{root}/books/v3",
            timeout=TIMEOUT,
            rate_limit=RateLimit(requests=10_000, period=1.0, concurrency=10),
            retry=RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0),
        ) as books:
            yield handle, books


def names(sandbox: Sandbox) -> list[str]:
    return [contact["contact_name"] for contact in sandbox.contacts(ORGANIZATION_ID)]


def posts(sandbox: Sandbox) -> list[str | None]:
    return [r.fault for r in sandbox.stats.requests if r.method == "POST"]


@pytest.mark.parametrize("kind", ["error_500", "html_502", "html_503", "reset_before", "slow"])
async def test_a_post_meeting_a_fault_before_the_work_is_unknown_sent_once_and_not_stored(
    sandbox: tuple[Sandbox, ZohoBooks], kind: str
) -> None:
    handle, books = sandbox
    script(handle, kind)
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.create(contact_name="Bowman")
    await handle.wait_idle()
    assert posts(handle) == [kind]
    assert names(handle) == []


@pytest.mark.parametrize("kind", ["reset_after", "slow_answer", "truncated_json", "malformed_json"])
async def test_a_post_meeting_a_fault_after_the_work_is_unknown_sent_once_and_stored_once(
    sandbox: tuple[Sandbox, ZohoBooks], kind: str
) -> None:
    handle, books = sandbox
    script(handle, kind)
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.create(contact_name="Bowman")
    await handle.wait_idle()
    assert posts(handle) == [kind]
    assert names(handle) == ["Bowman"]


@pytest.mark.parametrize(
    "kind",
    [
        "error_500",
        "html_502",
        "html_503",
        "reset_before",
        "reset_after",
        "slow",
        "slow_answer",
        "truncated_json",
        "malformed_json",
    ],
)
async def test_reads_and_updates_are_retried_past_every_fault(
    sandbox: tuple[Sandbox, ZohoBooks], kind: str
) -> None:
    handle, books = sandbox
    (contact_id,) = handle.seed(1, ORGANIZATION_ID)
    script(handle, kind, kind)
    assert (await books.contacts.get(contact_id)).contact_id == contact_id
    updated = await books.contacts.update(contact_id, notes="after the fault")
    assert updated.notes == "after the fault"
    assert handle.organization(ORGANIZATION_ID).contacts[contact_id]["notes"] == "after the fault"


@pytest.mark.parametrize("kind", ["reset_after", "slow_answer", "truncated_json"])
async def test_a_delete_whose_answer_was_lost_succeeds_when_the_replay_finds_it_gone(
    sandbox: tuple[Sandbox, ZohoBooks], kind: str
) -> None:
    handle, books = sandbox
    (contact_id,) = handle.seed(1, ORGANIZATION_ID)
    script(handle, kind)
    result = await books.contacts.delete(contact_id)
    assert result.code == 0 and "earlier attempt" in result.message
    assert contact_id not in handle.organization(ORGANIZATION_ID).contacts


async def test_a_post_is_sent_again_through_429_bursts_with_and_without_retry_after(
    sandbox: tuple[Sandbox, ZohoBooks],
) -> None:
    handle, books = sandbox
    script(handle, "throttle_burst", "throttle_burst")
    created = await books.contacts.create(contact_name="Bowman")
    assert names(handle) == ["Bowman"] and created.contact_name == "Bowman"
    assert posts(handle) == ["throttle_burst", "throttle_burst", None]


async def test_a_token_expiring_mid_run_is_refreshed_once_and_the_call_replayed(
    sandbox: tuple[Sandbox, ZohoBooks],
) -> None:
    handle, books = sandbox
    (contact_id,) = handle.seed(1, ORGANIZATION_ID)
    await books.contacts.get(contact_id)
    script(handle, "token_expiry")
    await books.contacts.create(contact_name="Bowman")
    assert "Bowman" in names(handle)
    assert handle.stats.token_mints == 2


async def test_an_expired_fixed_token_fails_every_later_call() -> None:
    async with running_sandbox(config()) as (handle, root):
        async with ZohoBooks(
            organization_id=ORGANIZATION_ID,
            access_token="fixed-token",
            base_url=f"{root}/books/v3",
            rate_limit=None,
        ) as books:
            script(handle, "token_expiry")
            for _ in range(2):
                with pytest.raises(AuthenticationError):
                    await books.contacts.list().collect()


def test_throttle_bursts_last_the_configured_length_and_alternate_retry_after() -> None:
    injector = FaultInjector(FaultConfig(throttle_burst_rate=0.3, throttle_burst_length=3, seed=3))
    bursts: list[list[dict[str, str]]] = []
    left = 0
    for _ in range(200):
        kind = injector.draw()
        if left:
            assert kind == "throttle_burst"  # a burst goes on for its whole length
            bursts[-1].append(injector.throttle_headers())
            left -= 1
        elif kind == "throttle_burst":
            bursts.append([injector.throttle_headers()])
            left = 2
    assert len(bursts) > 4
    for number, burst in enumerate(bursts[:-1]):
        expected = {"Retry-After": "1"} if number % 2 == 0 else {}
        assert burst == [expected] * 3


def test_the_fault_sequence_is_the_same_for_the_same_seed() -> None:
    faults = FaultConfig(error_500_rate=0.2, throttle_burst_rate=0.2, throttle_burst_length=2, seed=9)
    first, second = FaultInjector(faults), FaultInjector(faults)
    assert [first.draw() for _ in range(100)] == [second.draw() for _ in range(100)]


async def test_a_connection_dropped_in_process_is_a_transport_error_not_a_500() -> None:
    app = create_app(config(reset_after_rate=1.0))
    async with ZohoBooks(
        organization_id=ORGANIZATION_ID,
        access_token="t",
        base_url="http://sandbox.local/books/v3",
        transport=InProcessTransport(app),
        rate_limit=None,
    ) as books:
        with pytest.raises(OutcomeUnknownError, match="connection dropped"):
            await books.contacts.create(contact_name="Bowman")
    assert names(get_sandbox(app)) == ["Bowman"]
