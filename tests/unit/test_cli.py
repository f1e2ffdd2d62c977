"""The ``zbooks`` command: demo against the sandbox, usage errors."""

from __future__ import annotations

import pytest

from zbooks_async.cli import main
from zbooks_async.cli.demo import demo


async def test_demo_syncs_every_contact_with_no_429() -> None:
    summary = await demo(15)
    assert (summary.created, summary.updated, summary.deleted) == (15, 15, 15)
    assert summary.listed == 200 + 15
    assert summary.throttled == 0
    assert summary.requests == 15 * 3 + 2


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "demo" in capsys.readouterr().err


def test_demo_rejects_a_nonsense_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--contacts", "0"]) == 2
