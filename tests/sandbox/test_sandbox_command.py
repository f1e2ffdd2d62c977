"""``zbooks sandbox``: a faster clock with --speed, and one access log line per request."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import pytest

from zbooks_async.cli import build_parser, main, sandbox_command
from zbooks_async.sandbox import SandboxConfig, serve
from zbooks_async.sandbox.serve import ACCESS_LOGGER


def parsed(*argv: str) -> Any:
    return build_parser().parse_args(["sandbox", *argv])


def test_speed_shrinks_every_window_and_the_day() -> None:
    config = sandbox_command.config_for(parsed("--speed", "60"))
    assert config.window_seconds == pytest.approx(1.0)
    assert config.day_seconds == pytest.approx(1440.0)
    assert config.token_lifetime_seconds == pytest.approx(60.0)
    assert sandbox_command.config_for(parsed()).day_seconds == 86400.0


@pytest.mark.parametrize("speed", ["0", "-2", "fast"])
def test_a_bad_speed_is_a_usage_error(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parsed("--speed", speed)
    assert exited.value.code == 2
    assert "--speed" in capsys.readouterr().err


def test_the_command_serves_the_configured_sandbox_with_an_access_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: dict[str, Any] = {}

    def fake_run(host: str, port: int, config: SandboxConfig, access_log: logging.Logger | None) -> None:
        served.update(host=host, port=port, config=config, access_log=access_log)

    monkeypatch.setattr(sandbox_command, "run_sandbox", fake_run)
    assert main(["sandbox", "--port", "9001", "--speed", "10", "--seed-contacts", "0"]) == 0
    assert served["port"] == 9001 and served["config"].window_seconds == pytest.approx(6.0)
    assert served["access_log"] is logging.getLogger(ACCESS_LOGGER)
    assert "clock x10" in capsys.readouterr().out
    main(["sandbox", "--quiet", "--seed-contacts", "0"])
    assert served["access_log"] is None


async def test_each_request_gets_an_access_log_line_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.sandbox.access")
    runner = await serve("127.0.0.1", 0, SandboxConfig(daily_budget=1000), access_log=logger)
    try:
        port = runner.addresses[0][1]
        with caplog.at_level(logging.INFO, logger="tests.sandbox.access"):
            async with aiohttp.ClientSession() as session:
                for _ in range(2):
                    async with session.get(
                        f"http://127.0.0.1:{port}/books/v3/contacts",
                        params={"organization_id": "10234695"},
                        headers={"Authorization": "Zoho-oauthtoken very-secret"},
                    ) as response:
                        assert response.status == 200
    finally:
        await runner.cleanup()
    lines = [record.getMessage() for record in caplog.records if record.name == "tests.sandbox.access"]
    assert len(lines) == 2
    assert '"GET /books/v3/contacts?organization_id=10234695 HTTP/1.1" 200' in lines[0]
    assert lines[0].endswith("budget=999") and lines[1].endswith("budget=998")
    assert all("very-secret" not in line for line in lines)
