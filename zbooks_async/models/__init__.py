"""Every model the SDK returns, from all 42 modules: plain attrs classes, no I/O. Unknown fields
live in ``extra``.

``from zbooks_async.models import Contact, Invoice...``. A model's module is imported on first
use of its name, so ``import zbooks_async`` loads none it does not need. A class name several
modules define is also named after each module (``InvoicesComment``, ``BillsComment``);
Contacts' classes keep their plain names (``Contact``, ``CustomField``). The table of names is
generated (``zbooks_async/_generated/models/__init__.py``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .._generated.models import MODELS
from .._lazy import EXPORTS

if TYPE_CHECKING:
    from .._generated.models.names import *  # noqa: F403
    from .base import ActionResult, Model

_BASE = "zbooks_async.models.base"
_WHERE = {
    "ActionResult": (_BASE, "ActionResult"),
    "Model": (_BASE, "Model"),
    **{name: (f"zbooks_async._generated.models.{module}", cls) for name, (module, cls) in MODELS.items()},
}
EXPORTS[__name__] = {name: module for name, (module, _) in _WHERE.items()}

__all__ = ["ActionResult", "Model", *MODELS]


def __getattr__(name: str) -> Any:
    found = _WHERE.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(found[0]), found[1])
    globals()[name] = value  # the next use is a plain global
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
