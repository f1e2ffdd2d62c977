"""Generated code never imports hand-written code (no import cycle between the two layers).

How the check works: every file under zbooks_async/_generated/ is parsed with ``ast`` (nothing
is imported or run), each ``import``/``from ... import`` is resolved to an absolute module name
(relative levels counted from the file's own package), and the names are compared with what the
generated layer may stand on: the small runtime (operations, fields/checking, pagination, the
pipeline's values, sync, endpoints.generated's GeneratedResource, models.base) and itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "zbooks_async"
GENERATED = PACKAGE / "_generated"
FORBIDDEN = ("zbooks_async.resources.", "zbooks_async.bulk", "zbooks_async.cli", "zbooks_async.sandbox")


def _imports(path: Path) -> list[str]:
    parts = ("zbooks_async", *path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [f"{module}.{alias.name}" if not node.module else module for alias in node.names]
    return found


def _forbidden(module: str) -> bool:
    if module == "zbooks_async.resources" or module.startswith("zbooks_async.resources."):
        return True  # the hand-written extras: they subclass generated classes, never the reverse
    if module.startswith(FORBIDDEN[1:]):
        return True
    if module.startswith("zbooks_async.models") and module not in ("zbooks_async.models.base",):
        return True
    return False


def test_generated_code_imports_no_hand_written_code() -> None:
    bad = [
        f"{path.relative_to(PACKAGE.parent)}: {module}"
        for path in sorted(GENERATED.rglob("*.py"))
        for module in _imports(path)
        if _forbidden(module)
    ]
    assert not bad, "generated code imports hand-written code:\n" + "\n".join(bad)


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    assert _forbidden("zbooks_async.resources.addresses")
    assert _forbidden("zbooks_async.models.contacts")
    assert not _forbidden("zbooks_async.models.base")
    assert not _forbidden("zbooks_async.endpoints.generated")
