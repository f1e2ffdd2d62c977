"""Names a package exports, imported from their modules on first use (PEP 562).

A package lists where each public name lives; ``import package`` then runs none of those
modules, and ``from package import Name`` imports only Name's module. Type checkers read
the same names from the package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

#: Each lazy package's names and the modules they come from, by package name.
EXPORTS: dict[str, Mapping[str, str]] = {}


def lazy_exports(
    namespace: dict[str, Any], sources: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for the package whose globals are ``namespace``.

    ``sources`` maps each public name to the module that defines it, relative to the package
    (``{"ZohoBooks": ".client"}``). A name, once imported, becomes a plain global of the
    package, so later lookups do not come back here.
    """
    package = namespace["__name__"]
    EXPORTS[package] = sources

    def __getattr__(name: str) -> Any:
        source = sources.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *sources, *namespace.get("__all__", ())})

    return __getattr__, __dir__
