"""Importing the SDK (and using it) pulls in no test machinery unless asked for."""

from __future__ import annotations

import subprocess
import sys

TEST_MACHINERY = ("unittest", "unittest.mock", "aiohttp.test_utils", "pytest")


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_the_sdk_loads_no_test_machinery() -> None:
    loaded = modules_after("import zbooks_async, zbooks_async.transport")
    assert not loaded & set(TEST_MACHINERY)


def test_the_in_process_transport_is_loaded_when_asked_for() -> None:
    loaded = modules_after("from zbooks_async.transport import InProcessTransport")
    assert "zbooks_async.transport.inprocess" in loaded
