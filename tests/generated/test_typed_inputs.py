"""Nested request objects are typed: mypy --strict names a misspelt line-item key, text for a
quantity and a float for money, and passes the same program written correctly with no casts."""

from __future__ import annotations

from pathlib import Path

import mypy.api

PROGRAMS = Path(__file__).resolve().parent.parent / "data" / "typed_inputs"


def test_mypy_names_each_mistake_in_nested_inputs_and_passes_the_correct_program(tmp_path: Path) -> None:
    good, bad = PROGRAMS / "good_program.py", PROGRAMS / "bad_program.py"
    # One run over both files: the package is analysed once.
    report, _, _ = mypy.api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(good), str(bad)]
    )
    errors = [line for line in report.splitlines() if ": error:" in line]
    assert not [line for line in errors if "good_program.py" in line], report
    bad_lines = bad.read_text().splitlines()
    flagged = {int(line.split(":")[1]) for line in errors if "bad_program.py" in line}
    marked = {number for number, text in enumerate(bad_lines, start=1) if "# " in text and "await" in text}
    assert flagged == marked, report
    assert 'Extra key "itme_id" for TypedDict' in report
