"""Generated structure functions for models: the fast path of the converter.

cattrs' generated code calls one hook per field, and the ``X | None`` hook calls another. Here
one function per model is written out with each field's type check inline: a value that
already has its field's JSON type (most of them) is stored without any call, and the object's
slots are filled directly. It is only used by the converter tried first; a value it refuses
goes to cattrs' own detailed structuring, which says which field was wrong. Both must give
equal models for every input the fast one accepts (``tests/unit/test_structuring.py``).
"""

from __future__ import annotations

import keyword
import linecache
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from .models.base import Model

StructureFn = Callable[[Any, Any], Any]

# (converter, model) pairs whose function is being written: a model that holds itself, directly
# or through others, gets a hook for it that is looked up on first use instead of now.
_generating: set[tuple[int, type]] = set()


def can_generate(cls: type[Model]) -> bool:
    """Whether ``cls`` is plain enough for a generated function (else cattrs' own is used)."""
    if "__attrs_post_init__" in dir(cls) or "__slots__" not in cls.__dict__:
        return False
    if cls.__setattr__ is not object.__setattr__:
        return False
    return all(
        a.validator is None and a.converter is None and a.alias == a.name and a.name.isidentifier()
        and not keyword.iskeyword(a.name)
        for a in attrs.fields(cls)
    )


def generate(
    cls: type[Model], converter: cattrs.Converter, already_right: Mapping[Any, type]
) -> StructureFn:
    """Write, compile and return ``structure(data, cls) -> cls`` for the attrs model ``cls``.

    ``already_right`` maps a field type to the JSON type its hook returns unchanged; such
    values are stored without calling the hook.
    """
    key = (id(converter), cls)
    _generating.add(key)
    try:
        return _generate(cls, converter, already_right)
    finally:
        _generating.discard(key)


def _generate(
    cls: type[Model], converter: cattrs.Converter, already_right: Mapping[Any, type]
) -> StructureFn:
    attrs.resolve_types(cls)  # models use postponed annotations: their types are strings until now
    fields = [a for a in attrs.fields(cls) if a.name != "extra"]
    known = frozenset(a.name for a in fields)
    namespace: dict[str, Any] = {
        "Mapping": Mapping,
        "new": object.__new__,
        "cls": cls,
        "known": known,
        "dict": dict,
        "list": list,
        "items_of": _items_of,
    }
    lines = [
        "def structure(data, _):",
        "    if data.__class__ is not dict and not isinstance(data, Mapping):",
        f"        raise TypeError('expected an object for {cls.__name__}, got ' + type(data).__name__)",
        # A plain dict's get; any other mapping is read as cattrs reads it (``in``, then ``[]``).
        "    get = data.get if data.__class__ is dict else items_of(data)",
        "    o = new(cls)",
    ]
    for index, field in enumerate(fields):
        lines.extend(_field_lines(index, field, converter, already_right, namespace))
    lines += [
        # A set check in C; most objects carry no key the model does not know.
        "    o.extra = {} if known.issuperset(data) else "
        "{k: v for k, v in data.items() if k not in known}",
        "    return o",
    ]
    source = "\n".join(lines) + "\n"
    filename = f"<zbooks_async generated structure {cls.__module__}.{cls.__qualname__}>"
    # Registered with linecache so a traceback through the generated code shows its lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    function: StructureFn = namespace["structure"]
    return function


def _field_lines(
    index: int,
    field: attrs.Attribute[Any],
    converter: cattrs.Converter,
    already_right: Mapping[Any, type],
    namespace: dict[str, Any],
) -> list[str]:
    name, field_type = field.name, field.type
    inner = optional_arm(field_type)
    hook, type_, default = f"h{index}", f"t{index}", f"d{index}"
    if inner is not None and field.default is None:
        # A list's own hook only serves values that are not lists (an error): found when needed.
        namespace[hook] = _hook(converter, inner, later=_model_list_element(inner) is not None)
        namespace[type_] = inner
        head = [f"    v = get({name!r})", "    if v is not None:"]
        exact = already_right.get(inner)
        if exact is not None:
            namespace[f"x{index}"] = exact
            return [
                *head,
                f"        if v.__class__ is not x{index}:",
                f"            v = {hook}(v, {type_})",
                f"    o.{name} = v",
            ]
        element = _model_list_element(inner)
        if element is not None:
            namespace[f"e{index}"] = _hook(converter, element)
            namespace[f"m{index}"] = element
            return [
                *head,
                "        if v.__class__ is list:",
                # A loop, not a comprehension: on 3.11 that builds a function per call.
                "            items = []",
                "            for x in v:",
                f"                items.append(e{index}(x, m{index}))",
                "            v = items",
                "        else:",
                f"            v = {hook}(v, {type_})",
                f"    o.{name} = v",
            ]
        return [*head, f"        v = {hook}(v, {type_})", f"    o.{name} = v"]
    # A field that is required or has a real default: present values go through its hook.
    namespace[hook] = converter.get_structure_hook(field_type)
    namespace[type_] = field_type
    lines = [f"    if {name!r} in data:", f"        o.{name} = {hook}(data[{name!r}], {type_})", "    else:"]
    value: Any = field.default
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        namespace[default] = value.factory
        return [*lines, f"        o.{name} = {default}()"]
    if field.default is attrs.NOTHING:
        return [*lines, f"        raise KeyError({name!r})"]
    namespace[default] = field.default
    return [*lines, f"        o.{name} = {default}"]


def _items_of(data: Mapping[str, Any]) -> Callable[[str], Any]:
    """``data.get`` for a mapping that may not be a plain dict: ``data[key]`` if ``key in data``."""

    def get(key: str) -> Any:
        return data[key] if key in data else None

    return get


def _hook(converter: cattrs.Converter, field_type: Any, *, later: bool = False) -> StructureFn:
    if not later and (id(converter), field_type) not in _generating:
        return converter.get_structure_hook(field_type)
    found: list[StructureFn] = []

    def structure_later(value: Any, type_: Any) -> Any:
        if not found:
            found.append(converter.get_structure_hook(field_type))
        return found[0](value, type_)

    return structure_later


def optional_arm(field_type: Any) -> Any:
    """``X`` for a field type ``X | None`` (or ``Optional[X]``), else None."""
    arms = typing.get_args(field_type)
    if typing.get_origin(field_type) in (typing.Union, types.UnionType) and len(arms) == 2:
        if type(None) in arms:
            return next(arm for arm in arms if arm is not type(None))
    return None


def _model_list_element(field_type: Any) -> type[Model] | None:
    if typing.get_origin(field_type) is not list:
        return None
    (element,) = typing.get_args(field_type)
    return element if isinstance(element, type) and issubclass(element, Model) else None
