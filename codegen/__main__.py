"""``python -m codegen``: regenerate zbooks_async/_generated and docs/reference; ``--check`` only compares.

The output depends on nothing but the documents and the overlay, so two runs give the same bytes;
CI runs ``--check`` and fails when the committed output differs from what the generator writes.
"""

from __future__ import annotations

import argparse
import sys

from .outputs import ROOT, expected_files


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every generated file; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed output differs")
    args = parser.parse_args(argv)
    files = expected_files()
    stale = [path for path, text in files.items() if not path.exists() or path.read_text("utf-8") != text]
    owned = {path for directory in OWNED for path in (ROOT / directory).rglob("*") if path.is_file()}
    orphans = sorted(p for p in owned - set(files) if "__pycache__" not in p.parts)
    if args.check:
        for path in [*stale, *orphans]:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale or orphans:
            print("run `python -m codegen` and commit the result", file=sys.stderr)
            return 1
        print(f"codegen: {len(files)} generated files match the documents and the overlay")
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    for path in orphans:
        path.unlink()
    print(f"codegen: wrote {len(stale)} of {len(files)} files, removed {len(orphans)}")
    return 0


OWNED = ("zbooks_async/_generated", "docs/reference")

if __name__ == "__main__":
    sys.exit(main())
