"""Every generated model of the 42 modules is importable from ``zbooks_async.models``, loaded on
first use (issue 21: "Every model is importable from a public path")."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import zbooks_async._generated.models as generated
import zbooks_async.models as models
from zbooks_async._generated.models import MODELS
from zbooks_async.models.base import Model


def test_every_generated_model_has_a_public_name() -> None:
    missing: list[str] = []
    for info in pkgutil.iter_modules(generated.__path__):
        if info.name == "names":
            continue
        module = importlib.import_module(f"{generated.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Model) and value.__module__ == module.__name__:
                if not any(getattr(models, public) is value for public in _publics(info.name, name)):
                    missing.append(f"{info.name}.{name}")
    assert not missing, f"{len(missing)} models have no public name: {missing[:20]}"


def _publics(module: str, cls: str) -> list[str]:
    return [public for public, where in MODELS.items() if where == (module, cls)]


def test_the_names_reach_their_classes_and_are_listed() -> None:
    from zbooks_async.models import BillsComment, Contact, InvoicesComment

    assert (Contact.__module__, InvoicesComment.__name__) == (
        "zbooks_async._generated.models.contacts",
        "Comment",
    )
    assert BillsComment is not InvoicesComment
    assert {"Contact", "InvoicesComment", "ActionResult", "Model"} <= set(models.__all__) <= set(dir(models))


def test_importing_the_package_loads_no_model_module_it_does_not_need() -> None:
    code = (
        "import sys, zbooks_async, zbooks_async.models as m; "
        "loaded = sorted(n for n in sys.modules if n.startswith('zbooks_async._generated.models.')); "
        "m.InvoicesComment; "
        "after = sorted(n for n in sys.modules if n.startswith('zbooks_async._generated.models.')); "
        "print(' '.join(loaded)); print(' '.join(after))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = (line.split() for line in out.splitlines())
    assert "zbooks_async._generated.models.invoices" not in before
    assert "zbooks_async._generated.models.invoices" in after
    assert len(before) <= 2  # Contacts' models (the session's books.contacts) and nothing more
