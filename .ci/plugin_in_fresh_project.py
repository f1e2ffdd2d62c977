"""The pytest plugin as a new user meets it, outside this repository's own test set-up.

A throwaway venv and project in a temporary folder: the package is installed from this checkout
with the extra the README names (``[testing]``, which must bring pytest and pytest-asyncio), the
README's plugin test file is written verbatim (taken from README.md, not copied by hand), and
pytest runs there with no configuration at all (so pytest-asyncio is in its default strict
mode). Every test of the file must pass, with warnings as errors (but pytest-asyncio's advice to
choose a fixture loop scope, which it gives every project that has not).

    .venv/bin/python .ci/plugin_in_fresh_project.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.readme_blocks import python_blocks  # noqa: E402

HEADING = "Testing your code: the pytest plugin"
LOOP_SCOPE_ADVICE = 'The configuration option "asyncio_default_fixture_loop_scope" is unset'
INSTALL = re.compile(r"pip install '(zbooks_async\[testing\])'")


def readme_test_file() -> str:
    """The README's plugin test file, exactly as written there."""
    [block] = [block for block in python_blocks() if block.heading == HEADING]
    return block.code


def readme_extra() -> str:
    """The extra the README tells plugin users to install."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(f"### {HEADING}") :]
    found = INSTALL.search(section)
    if found is None:
        sys.exit(f"README's {HEADING!r} section names no `pip install 'zbooks_async[testing]'`")
    return found.group(1).removeprefix("zbooks_async")


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    started = time.monotonic()
    code = readme_test_file()
    extra = readme_extra()
    tests = len(re.findall(r"^async def test_|^def test_", code, flags=re.MULTILINE))
    workspace = Path(tempfile.mkdtemp(prefix="zbooks-plugin-"))
    try:
        python = shutil.which("python3") or sys.executable
        # No pip in the venv (bootstrapping it costs seconds): this interpreter's pip installs
        # into it, with pip's cache.
        made = run([python, "-m", "venv", "--without-pip", str(workspace / "venv")], workspace)
        if made.returncode:
            print(made.stdout, made.stderr, file=sys.stderr)
            return 1
        venv_python = workspace / "venv" / "bin" / "python"
        pip = [sys.executable, "-m", "pip", "--python", str(venv_python), "install", "-q", "--no-compile"]
        installed = run([*pip, f"{ROOT}{extra}"], workspace)
        if installed.returncode:
            print(installed.stdout, installed.stderr, file=sys.stderr)
            return 1
        project = workspace / "project"
        project.mkdir()
        (project / "test_zbooks_plugin.py").write_text(code, encoding="utf-8")
        command = [str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"]
        # pytest-asyncio's own advice to a project that has not chosen a fixture loop scope; the
        # README mentions it. Every other warning fails the check.
        command += ["-W", f"ignore:{LOOP_SCOPE_ADVICE}"]
        result = run(command, project)
        summary = result.stdout.strip().splitlines()[-1:] or [""]
        if result.returncode or f"{tests} passed" not in summary[0]:
            print(result.stdout, result.stderr, file=sys.stderr)
            print(
                f"plugin check: the README's test file failed in a fresh project ({extra})", file=sys.stderr
            )
            return 1
        seconds = time.monotonic() - started
        print(
            f"plugin check: README's {tests} plugin tests pass in a fresh project "
            f"(pip install 'zbooks_async{extra}', no pytest settings) in {seconds:.1f} s"
        )
        return 0
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
