"""The converter's fast path for models: a plan per attrs class, interpreted while the class
is cold, written out as a Python function once it is hot.

Why it exists (``python benchmarks/run.py --only decode,instructions`` prints these figures):
cattrs' own generated code calls a hook per field and builds the object through
``__init__(**fields)``; a full contact (with its persons and addresses) takes 17.9 us that way and
7.8 us here, a 200-contact page 865 us against 476 us: 2.3x. Even so, structuring is nearly all
that a typed ``get`` costs over bare aiohttp + json (about 123k of 125k instructions per call).
Here a value that already has its field's JSON type (most of them) is stored without any call,
and the object's slots are filled directly.

Nothing is done per class at import. The first time a class is structured its plan is made
(field types resolved, hooks looked up) and interpreted: 16 us per contact, 2x slower than the
written-out function but with nothing to compile, so the first typed call in a fresh process
takes about 1 ms. A class structured ``HOT`` times gets its function compiled (about 25 us per
field, 3.5 ms for a contact's eight models, paid back by 8 us per contact after a few hundred),
so the hundreds of models that an application touches rarely never cost a compile.

Only the converter tried first uses this path; a value it refuses goes to cattrs' own detailed
structuring, which says which field was wrong. Both give equal models for every input the fast
one accepts (``tests/unit/test_structuring.py``).
"""

from __future__ import annotations

import inspect
import keyword
import linecache
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from .models.base import Model

StructureFn = Callable[[Any, Any], Any]
#: Structurings of a class before its function is compiled (see the module docstring).
HOT = 256


class _Never:
    """A class no JSON value has: fields whose values always go through their hook."""


# The current implementation of each model's structure function, by the function handed to
# cattrs: generated parents call their children's through it, so a child compiled later is
# picked up at once.
_CELLS: dict[StructureFn, list[StructureFn]] = {}


def can_generate(cls: type[Model]) -> bool:
    """Whether ``cls`` is plain enough for this path (else cattrs' own is used)."""
    if "__attrs_post_init__" in dir(cls) or "__slots__" not in cls.__dict__:
        return False
    if cls.__setattr__ is not object.__setattr__:
        return False
    return all(
        a.validator is None and a.converter is None and a.alias == a.name and a.name.isidentifier()
        and not keyword.iskeyword(a.name)
        for a in attrs.fields(cls)
    )


def model_hook(
    cls: type[Model],
    converter: cattrs.Converter,
    already_right: Mapping[Any, type],
    *,
    hot: int = HOT,
) -> StructureFn:
    """``structure(data, cls) -> cls`` for the attrs model ``cls``; nothing is built until used.

    ``already_right`` maps a field type to the JSON type its hook returns unchanged; such
    values are stored without calling the hook. The function is compiled at the ``hot``-th use.
    """
    cell: list[StructureFn] = []

    def first_use(data: Any, type_: Any) -> Any:
        if cell[0] is first_use:  # a caller may hold on to first_use for a whole list
            cell[0] = _interpreter(_Plan(cls, converter, already_right), cell, hot)
        return cell[0](data, type_)

    cell.append(first_use)

    def structure(data: Any, type_: Any) -> Any:
        return cell[0](data, type_)

    _CELLS[structure] = cell
    return structure


def list_hook(element_hook: StructureFn, element: type[Model]) -> StructureFn:
    """``list[element]`` from a JSON list, calling the element's current implementation."""
    cell = _CELLS.get(element_hook, [element_hook])

    def structure_list(data: Any, _: Any) -> list[Any]:
        if data.__class__ is not list:
            raise TypeError(f"expected a list of {element.__name__}, got {type(data).__name__}")
        structure = cell[0]
        return [structure(item, element) for item in data]

    return structure_list


class _Plan:
    """What structuring ``cls`` takes, field by field."""

    def __init__(
        self, cls: type[Model], converter: cattrs.Converter, already_right: Mapping[Any, type]
    ) -> None:
        self.cls = cls
        hints = field_types(cls)
        fields = [a for a in attrs.fields(cls) if a.name != "extra"]
        self.known = frozenset(a.name for a in fields)
        #: (name, JSON type stored as is, hook, type the hook is called with) of ``X | None`` fields.
        self.optional: list[tuple[str, type, StructureFn, Any]] = []
        #: (name, element hook, element) of ``list[Model] | None`` fields; (name, hook, model) of
        #: ``Model | None`` fields: written out with a shortcut for a list / an object.
        self.model_lists: dict[str, tuple[StructureFn, type[Model]]] = {}
        self.models: dict[str, tuple[StructureFn, type[Model]]] = {}
        #: (name, hook, type, default factory or None, default) of every other field.
        self.others: list[tuple[str, StructureFn, Any, Callable[[], Any] | None, Any]] = []
        for field in fields:
            field_type = hints[field.name]
            inner = optional_arm(field_type)
            if inner is not None and field.default is None:
                exact = already_right.get(inner)
                if exact is not None:
                    self.optional.append((field.name, exact, converter.get_structure_hook(inner), inner))
                    continue
                # The optional hook turns "" into None for objects and lists (real Zoho sends "").
                hook = converter.get_structure_hook(field_type)
                self.optional.append((field.name, _Never, hook, field_type))
                element = _model_list_element(inner)
                if element is not None:
                    self.model_lists[field.name] = (converter.get_structure_hook(element), element)
                elif _is_model(inner):
                    self.models[field.name] = (converter.get_structure_hook(inner), inner)
                continue
            default = field.default
            factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]
            hook = converter.get_structure_hook(field_type)
            self.others.append((field.name, hook, field_type, factory, default))


def _interpreter(plan: _Plan, cell: list[StructureFn], hot: int) -> StructureFn:
    cls, known, optional, others = plan.cls, plan.known, tuple(plan.optional), tuple(plan.others)
    new, nothing = object.__new__, attrs.NOTHING
    uses = 0

    def structure(data: Any, _: Any) -> Any:
        nonlocal uses
        uses += 1
        if uses == hot:
            cell[0] = _compiled(plan)
        if data.__class__ is not dict and not isinstance(data, Mapping):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        get = data.get if data.__class__ is dict else _items_of(data)
        o = new(cls)
        for name, exact, hook, type_ in optional:
            value = get(name)
            if value is not None and value.__class__ is not exact:
                value = hook(value, type_)
            setattr(o, name, value)
        for name, hook, type_, factory, default in others:
            if name in data:
                setattr(o, name, hook(data[name], type_))
            elif factory is not None:
                setattr(o, name, factory())
            elif default is nothing:
                raise KeyError(name)
            else:
                setattr(o, name, default)
        o.extra = {} if known.issuperset(data) else {k: v for k, v in data.items() if k not in known}
        return o

    return structure


def _compiled(plan: _Plan) -> StructureFn:
    cls = plan.cls
    namespace: dict[str, Any] = {
        "Mapping": Mapping,
        "new": object.__new__,
        "cls": cls,
        "known": plan.known,
        "dict": dict,
        "list": list,
        "items_of": _items_of,
        "NOTHING": attrs.NOTHING,
    }
    lines = [
        "def structure(data, _):",
        "    if data.__class__ is not dict and not isinstance(data, Mapping):",
        f"        raise TypeError('expected an object for {cls.__name__}, got ' + type(data).__name__)",
        # A plain dict's get; any other mapping is read as cattrs reads it (``in``, then ``[]``).
        "    get = data.get if data.__class__ is dict else items_of(data)",
        "    o = new(cls)",
    ]
    for index, (name, exact, hook, type_) in enumerate(plan.optional):
        namespace[f"h{index}"], namespace[f"t{index}"] = hook, type_
        lines += [f"    v = get({name!r})", "    if v is not None:"]
        if name in plan.model_lists or name in plan.models:
            # The element's / object's current implementation, without the hooks between.
            child, model = plan.model_lists.get(name) or plan.models[name]
            namespace[f"c{index}"], namespace[f"m{index}"] = _CELLS.get(child, [child]), model
            if name in plan.model_lists:
                lines += [
                    "        if v.__class__ is list:",
                    # A loop, not a comprehension: on 3.11 that builds a function per call.
                    f"            s = c{index}[0]",
                    "            items = []",
                    "            for x in v:",
                    f"                items.append(s(x, m{index}))",
                    "            v = items",
                ]
            else:
                lines += ["        if v.__class__ is dict:", f"            v = c{index}[0](v, m{index})"]
            lines += ["        else:", f"            v = h{index}(v, t{index})"]
        else:
            namespace[f"x{index}"] = exact
            lines += [f"        if v.__class__ is not x{index}:", f"            v = h{index}(v, t{index})"]
        lines.append(f"    o.{name} = v")
    for index, (name, hook, type_, factory, default) in enumerate(plan.others):
        namespace[f"H{index}"], namespace[f"T{index}"] = hook, type_
        namespace[f"F{index}"], namespace[f"D{index}"] = factory, default
        lines += [f"    if {name!r} in data:", f"        o.{name} = H{index}(data[{name!r}], T{index})"]
        if factory is not None:
            lines += ["    else:", f"        o.{name} = F{index}()"]
        elif default is attrs.NOTHING:
            lines += ["    else:", f"        raise KeyError({name!r})"]
        else:
            lines += ["    else:", f"        o.{name} = D{index}"]
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


def _items_of(data: Mapping[str, Any]) -> Callable[[str], Any]:
    """``data.get`` for a mapping that may not be a plain dict: ``data[key]`` if ``key in data``."""

    def get(key: str) -> Any:
        return data[key] if key in data else None

    return get


# Annotation texts already evaluated, per module: hundreds of model fields share a few texts
# ("str | None"), and typing.get_type_hints compiles every one of them anew.
_EVALUATED: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The type of each attrs field of ``cls``, its postponed annotations evaluated once per text."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        annotations = inspect.get_annotations(klass)
        module = sys.modules[klass.__module__].__dict__ if annotations else {}
        for name, annotation in annotations.items():
            if not isinstance(annotation, str):
                found[name] = annotation
                continue
            key = (klass.__module__, annotation)
            if key not in _EVALUATED:
                try:
                    _EVALUATED[key] = eval(annotation, module)  # what get_type_hints does
                except Exception:  # a name only the class itself can see: ask attrs
                    attrs.resolve_types(cls)
                    return {a.name: a.type for a in attrs.fields(cls)}
            found[name] = _EVALUATED[key]
    return {a.name: found.get(a.name, a.type) for a in attrs.fields(cls)}


def optional_arm(field_type: Any) -> Any:
    """``X`` for a field type ``X | None`` (or ``Optional[X]``), else None."""
    arms = typing.get_args(field_type)
    if typing.get_origin(field_type) in (typing.Union, types.UnionType) and len(arms) == 2:
        if type(None) in arms:
            return next(arm for arm in arms if arm is not type(None))
    return None


def _is_model(field_type: Any) -> bool:
    return isinstance(field_type, type) and issubclass(field_type, Model)


def _model_list_element(field_type: Any) -> type[Model] | None:
    if typing.get_origin(field_type) is not list:
        return None
    (element,) = typing.get_args(field_type)
    return element if _is_model(element) else None
