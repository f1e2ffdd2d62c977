"""The README's python code blocks, as modules that mypy checks and the tests run.

A block that calls ``asyncio.run(`` is a whole program and is kept as written. Any other block is
a snippet: it runs inside ``async def readme_block(books: ZohoBooks, contact_id: str)``, so it may
``await``, use ``async for``/``async with``, an open session ``books`` and an existing
``contact_id``, as the README says its snippets do.

A block is left out only when the line before it is ``<!-- readme: skip (REASON) -->``.

    python tests/readme_blocks.py OUTDIR     # writes OUTDIR/readme_block_NN.py for mypy --strict
"""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
_SKIP = re.compile(r"<!--\s*readme:\s*skip\s*\((?P<reason>[^)]+)\)\s*-->")
_FENCE = re.compile(r"^```(?P<lang>\w*)\s*$")
SNIPPET_FUNCTION = "readme_block"


@dataclass(frozen=True)
class Block:
    """One fenced python block of the README."""

    line: int  # the line of its first code line, 1-based
    heading: str
    code: str
    skip_reason: str | None

    @property
    def name(self) -> str:
        """A stable id for test reports: the line and the heading."""
        return f"line{self.line}-{re.sub(r'[^a-z0-9]+', '-', self.heading.lower()).strip('-')}"

    @property
    def is_program(self) -> bool:
        """Whether the block is a whole program (it runs itself with ``asyncio.run``)."""
        return "asyncio.run(" in self.code

    def module_source(self) -> str:
        """The block as a module: a program as written, a snippet inside ``readme_block``."""
        header = f"# README.md line {self.line} ({self.heading})\n"
        if self.is_program:
            return header + self.code
        return (
            header
            + "from zbooks_async import ZohoBooks\n\n\n"
            + f"async def {SNIPPET_FUNCTION}(books: ZohoBooks, contact_id: str) -> None:\n"
            + textwrap.indent(self.code, "    ")
        )


def python_blocks(readme: Path = README) -> list[Block]:
    """Every ```python block of ``readme`` in order, with the heading above it."""
    blocks: list[Block] = []
    heading = ""
    previous = ""
    lines = readme.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#") and not line.startswith("#!"):
            heading = line.lstrip("#").strip()
        fence = _FENCE.match(line)
        if fence:
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            if fence["lang"] == "python":
                skip = _SKIP.search(previous)
                code = "\n".join(lines[index + 1 : end]) + "\n"
                blocks.append(Block(index + 2, heading, code, skip["reason"] if skip else None))
            index = end + 1
            previous = ""
            continue
        if line.strip():
            previous = line
        index += 1
    return blocks


def write_modules(directory: Path, readme: Path = README) -> list[Path]:
    """Write every block that is not skipped as ``readme_block_NN.py`` under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for number, block in enumerate(python_blocks(readme), start=1):
        if block.skip_reason is None:
            path = directory / f"readme_block_{number:02d}.py"
            path.write_text(block.module_source(), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/readme_blocks.py OUTDIR")
    paths = write_modules(Path(sys.argv[1]))
    print(f"{len(paths)} README blocks written to {sys.argv[1]}")
