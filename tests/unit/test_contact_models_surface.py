"""The Contacts models keep their public surface: the names, import paths, bases and fields
(type, default, kw_only) recorded in tests/data/contact_models_surface.json before the
generator took them over from the hand-written zbooks_async/models/*.py.

To record the surface again after a reviewed change:
``python -m tests.unit.test_contact_models_surface --write``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs

import zbooks_async.models as package
from zbooks_async.models.base import Model
from zbooks_async.structuring import field_types

SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "contact_models_surface.json"
BASE_MODULE = "zbooks_async.models.base"
CONTACTS = (BASE_MODULE, "zbooks_async._generated.models.contacts")
"""The modules of the recorded models (zbooks_async.models exports every module's models)."""


def type_text(value: Any) -> str:
    """A field type as text, classes by their bare name (so a model's text does not depend
    on the module that defines it)."""
    if value is type(None):
        return "None"
    if value is Any:
        return "Any"
    origin = typing.get_origin(value)
    arms = typing.get_args(value)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_text(arm) for arm in arms)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(arm) for arm in arms)}]"
    if origin is not None:
        return f"{type_text(origin)}[{', '.join(type_text(arm) for arm in arms)}]"
    if isinstance(value, type):
        return value.__name__
    return repr(value)


def default_text(field: attrs.Attribute[Any]) -> str | None:
    """None for a required field, ``factory:<name>`` for a factory, else the default's repr."""
    if field.default is attrs.NOTHING:
        return None
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return f"factory:{field.default.factory.__name__}"
    return repr(field.default)


def modules() -> dict[str, types.ModuleType]:
    """``zbooks_async.models`` and each of its submodules, by name."""
    found = {package.__name__: package}
    for name in package.__all__:  # the package imports its names on first use: load them
        getattr(package, name)
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package.__name__}.{info.name}"
        found[name] = importlib.import_module(name)
    return found


def surface() -> dict[str, Any]:
    """Class name -> where it imports from, its bases and its fields, as recorded data."""
    every = modules()
    classes: dict[str, type] = {}
    for module in every.values():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Model) and value.__module__ in CONTACTS:
                assert classes.setdefault(value.__name__, value) is value, value.__name__
    found: dict[str, Any] = {}
    for name, cls in sorted(classes.items()):
        homes = sorted(m for m, module in every.items() if vars(module).get(name) is cls)
        if BASE_MODULE in homes:  # Model and ActionResult: where they are defined and exported
            homes = [m for m in homes if m in (BASE_MODULE, package.__name__)]
        typed = field_types(cls)
        found[name] = {
            "importable_from": homes,
            "bases": [base.__name__ for base in cls.__bases__],
            "fields": [
                {
                    "name": field.name,
                    "type": type_text(typed[field.name]),
                    "default": default_text(field),
                    "kw_only": field.kw_only,
                }
                for field in attrs.fields(cls)
            ],
        }
    return found


def test_the_contact_models_keep_their_recorded_surface() -> None:
    recorded = json.loads(SNAPSHOT.read_text("utf-8"))
    live = surface()
    assert sorted(live) == sorted(recorded)
    for name in recorded:
        assert live[name] == recorded[name], name


def test_every_exported_model_is_in_the_snapshot() -> None:
    recorded = json.loads(SNAPSHOT.read_text("utf-8"))
    exported = {
        name
        for name in package.__all__
        if isinstance(getattr(package, name), type)
        and getattr(package, name).__module__ in CONTACTS
        and name == getattr(package, name).__name__
    }
    assert exported <= set(recorded)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    SNAPSHOT.write_text(json.dumps(surface(), indent=1) + "\n", "utf-8")
