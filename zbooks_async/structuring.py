"""How models are read: a plan per attrs class, interpreted while the class is cold, written out
as a Python function once it is hot. Reads are total (see :func:`reader`): a value that does not
fit its field is kept as it came, in ``extra``, and reported; only a record without its own id
fails.

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

The interpreted and compiled functions give equal models for every input, and what they read
writes the input back value for value (``tests/unit/test_structuring.py``). Total reads cost 4%
more instructions per full contact and 2% per 200-contact page than the former fail-on-mismatch
path (``docs/benchmarks.md``).
"""

from __future__ import annotations

import datetime
import inspect
import linecache
import sys
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from . import mismatches
from .models.base import Model
from .timestamps import format_timestamp

StructureFn = Callable[[Any, Any], Any]
#: A field's total reader: ``read(value, kept) -> typed value``; appends ``(name, value)`` to
#: ``kept`` when the value must be kept as it came (see :func:`reader`).
Reader = Callable[[Any, list[tuple[str, Any]]], Any]
#: Field types of codes Zoho sends as text or as numbers (zip codes), and of numbers that may be
#: text (a discount of 10 or "10%"): each kind is kept as it comes.
TEXT_OR_NUMBER: Any = str | int
NUMBER_OR_TEXT: Any = Decimal | str
#: Structurings of a class before its function is compiled (see the module docstring).
HOT = 256


class _Never:
    """A class no JSON value has: fields whose values always go through their hook."""


# The current implementation of each model's structure function, by the function handed to
# cattrs: generated parents call their children's through it, so a child compiled later is
# picked up at once.
_CELLS: dict[StructureFn, list[StructureFn]] = {}


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
        #: (name, JSON type stored as is, total reader) of ``X | None`` fields.
        self.optional: list[tuple[str, type, Reader]] = []
        #: (element hook, element) of ``list[Model] | None`` fields; (hook, model) of
        #: ``Model | None`` fields: written out with a shortcut for a list / an object.
        self.model_lists: dict[str, tuple[StructureFn, type[Model]]] = {}
        self.models: dict[str, tuple[StructureFn, type[Model]]] = {}
        #: (name, JSON type stored as is, total reader, default factory or None, default) of
        #: every other field.
        self.others: list[tuple[str, type, Reader, Callable[[], Any] | None, Any]] = []
        for field in fields:
            field_type = hints[field.name]
            inner = optional_arm(field_type)
            if inner is not None and field.default is None:
                exact = already_right.get(inner)
                if exact is not None:
                    hook = converter.get_structure_hook(inner)
                    self.optional.append((field.name, exact, reader(cls, field.name, hook, inner)))
                    continue
                # The optional hook turns "" into None for objects and lists (real Zoho sends "").
                hook = converter.get_structure_hook(field_type)
                self.optional.append((field.name, _Never, reader(cls, field.name, hook, field_type)))
                element = _model_list_element(inner)
                if element is not None:
                    self.model_lists[field.name] = (converter.get_structure_hook(element), element)
                elif _is_model(inner):
                    self.models[field.name] = (converter.get_structure_hook(inner), inner)
                continue
            default = field.default
            factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]
            hook = converter.get_structure_hook(field_type)
            # A record without its own id is not a record: that one mistake fails the read.
            fatal = default is attrs.NOTHING and field.name.endswith("_id")
            fallback = factory or (lambda default=default: None if default is attrs.NOTHING else default)
            total = reader(cls, field.name, hook, field_type, fallback=fallback, fatal=fatal)
            exact = already_right.get(field_type, _Never)
            self.others.append((field.name, exact, total, factory, default))


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
        kept: list[tuple[str, Any]] = []
        o = new(cls)
        for name, exact, read in optional:
            value = get(name)
            if value is not None and value.__class__ is not exact:
                value = read(value, kept)
            setattr(o, name, value)
        for name, exact, read, factory, default in others:
            if name in data:
                value = data[name]
                setattr(o, name, value if value.__class__ is exact else read(value, kept))
            elif factory is not None:
                setattr(o, name, factory())
            elif default is nothing:
                raise KeyError(name)
            else:
                setattr(o, name, default)
        o.extra = {} if known.issuperset(data) else {k: v for k, v in data.items() if k not in known}
        if kept:
            o.extra.update(kept)
        return o

    return structure


def _extra_reader(known: frozenset[str]) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """The keys of an object its model does not know, in their order, as ``extra``. Answers of
    one kind carry the same keys (the ``*_formatted`` twins...): which are unknown is worked out
    once per set of keys (for up to 64 of them), not key by key on every object."""
    unknown_in: dict[tuple[str, ...], tuple[str, ...]] = {}

    def extra_of(data: Mapping[str, Any]) -> dict[str, Any]:
        if data.__class__ is not dict:  # a mapping of its own: its items, as cattrs reads them
            return {key: value for key, value in data.items() if key not in known}
        keys = tuple(data)
        unknown = unknown_in.get(keys)
        if unknown is None:
            unknown = tuple(key for key in keys if key not in known)
            if len(unknown_in) < 64:
                unknown_in[keys] = unknown
        extra = {}
        for key in unknown:
            extra[key] = data[key]
        return extra

    return extra_of


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
        "Decimal": Decimal,
    }
    lines = [
        "def structure(data, _):",
        "    if data.__class__ is not dict and not isinstance(data, Mapping):",
        f"        raise TypeError('expected an object for {cls.__name__}, got ' + type(data).__name__)",
        # A plain dict's get; any other mapping is read as cattrs reads it (``in``, then ``[]``).
        "    get = data.get if data.__class__ is dict else items_of(data)",
        "    kept = []",
        "    o = new(cls)",
    ]
    for index, (name, exact, read) in enumerate(plan.optional):
        namespace[f"r{index}"] = read
        lines += [f"    v = get({name!r})", "    if v is not None:"]
        if name in plan.model_lists or name in plan.models:
            # The element's / object's current implementation, without the hooks between; a
            # value the shortcut cannot read goes through the total reader, which keeps it.
            child, model = plan.model_lists.get(name) or plan.models[name]
            namespace[f"c{index}"], namespace[f"m{index}"] = _CELLS.get(child, [child]), model
            if name in plan.model_lists:
                lines += [
                    "        if v.__class__ is list:",
                    "            try:",
                    # A loop, not a comprehension: on 3.11 that builds a function per call.
                    f"                s = c{index}[0]",
                    "                items = []",
                    "                for x in v:",
                    f"                    items.append(s(x, m{index}))",
                    "                v = items",
                    "            except Exception:",
                    f"                v = r{index}(v, kept)",
                ]
            else:
                lines += [
                    "        if v.__class__ is dict:",
                    "            try:",
                    f"                v = c{index}[0](v, m{index})",
                    "            except Exception:",
                    f"                v = r{index}(v, kept)",
                ]
            lines += ["        else:", f"            v = r{index}(v, kept)"]
        elif exact is Decimal:
            # Whole amounts arrive as ints: made Decimal here, as the reader would (no call).
            lines += [
                "        if v.__class__ is not Decimal:",
                f"            v = Decimal(v) if v.__class__ is int else r{index}(v, kept)",
            ]
        else:
            namespace[f"x{index}"] = exact
            lines += [f"        if v.__class__ is not x{index}:", f"            v = r{index}(v, kept)"]
        lines.append(f"    o.{name} = v")
    for index, (name, exact, read, factory, default) in enumerate(plan.others):
        namespace[f"R{index}"], namespace[f"X{index}"] = read, exact
        namespace[f"F{index}"], namespace[f"D{index}"] = factory, default
        convert = f"R{index}(v, kept)"
        if exact is Decimal:  # Decimal(int) cannot fail: no reader, fatal or not, is needed
            convert = f"(Decimal(v) if v.__class__ is int else {convert})"
        lines += [
            f"    if {name!r} in data:",
            f"        v = data[{name!r}]",
            f"        o.{name} = v if v.__class__ is X{index} else {convert}",
        ]
        if factory is not None:
            lines += ["    else:", f"        o.{name} = F{index}()"]
        elif default is attrs.NOTHING:
            lines += ["    else:", f"        raise KeyError({name!r})"]
        else:
            lines += ["    else:", f"        o.{name} = D{index}"]
    namespace["extra_of"] = _extra_reader(plan.known)
    lines += [
        # A set check in C; most objects carry no key the model does not know.
        "    o.extra = {} if known.issuperset(data) else extra_of(data)",
        "    if kept:",
        "        o.extra.update(kept)",
        "    return o",
    ]
    source = "\n".join(lines) + "\n"
    filename = f"<zbooks_async generated structure {cls.__module__}.{cls.__qualname__}>"
    # Registered with linecache so a traceback through the generated code shows its lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    function: StructureFn = namespace["structure"]
    return function


def reader(
    cls: type,
    name: str,
    hook: StructureFn,
    field_type: Any,
    *,
    fallback: Callable[[], Any] = lambda: None,
    fatal: bool = False,
) -> Reader:
    """The total reader of ``cls.name``, called for a value that is not already of its JSON type.

    The value is typed by ``hook``. If the typed value would not be written back exactly as it
    came (``""`` read as None, ``15`` read into a text field, ``"true"`` into a boolean), the
    value is also kept as it came (``kept``, which ends in the model's ``extra``), so nothing is
    changed on the way back out. If it cannot be typed at all the field gets ``fallback()``, the
    value is kept and reported (``mismatches``), unless the field is ``fatal``.
    """
    inner = optional_arm(field_type) or field_type
    echoes = _echo_test(inner)
    accepted = accepted_kinds(inner)
    numeric_text = name == "id" or name.endswith("_id") or name.endswith("_ids")
    # "" is Zoho's "not set" for a number, a date, an object or a list: read as None, kept as sent.
    blank_is_unset = inner not in (str, TEXT_OR_NUMBER, NUMBER_OR_TEXT, Any) and not fatal

    def read(value: Any, kept: list[tuple[str, Any]]) -> Any:
        if blank_is_unset and value.__class__ is str and not value.strip():
            kept.append((name, value))
            return fallback()
        try:
            typed = hook(value, field_type)
        except Exception as exc:
            if fatal:
                raise TypeError(f"{cls.__name__}.{name}: {exc}") from exc
            kept.append((name, value))
            mismatches.report(cls, name, field_type, value)
            return fallback()
        if not echoes(typed, value):
            kept.append((name, value))
            kind = value.__class__
            if not (
                kind in accepted
                or (kind is str and not value.strip())  # "" is Zoho's "not set" for any kind
                or (numeric_text and kind is int)  # ids: Zoho sends long ones as numbers too
            ):
                mismatches.report(cls, name, field_type, value)
        return typed

    if inner is datetime.datetime:
        return _zoho_timestamps_first(read)
    # Fatal or not: the common forms always read, and anything else still meets ``read``.
    return _common_forms_first(inner, read)


def _common_forms_first(inner: Any, read: Reader) -> Reader:
    """``read``, with the forms most values of these kinds arrive in read directly, as the total
    reader would read them and with nothing to keep: a whole number for a ``Decimal``, a plain
    ``YYYY-MM-DD`` for a date, text or a whole number for text-or-number, anything for ``Any``."""
    if inner is Decimal:

        def read_decimal(value: Any, kept: list[tuple[str, Any]]) -> Any:
            if value.__class__ is int:
                return Decimal(value)
            return read(value, kept)

        return read_decimal
    if inner is datetime.date:
        parse = datetime.date.fromisoformat

        def read_date(value: Any, kept: list[tuple[str, Any]]) -> Any:
            # Ten ASCII characters with the dashes in place: parsed, it is written back the same.
            if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
                if value.isascii():
                    try:
                        return parse(value)
                    except ValueError:
                        pass
            return read(value, kept)

        return read_date
    if inner == TEXT_OR_NUMBER:

        def read_text_or_number(value: Any, kept: list[tuple[str, Any]]) -> Any:
            if value.__class__ is str or value.__class__ is int:
                return value
            return read(value, kept)

        return read_text_or_number
    if inner is Any:
        return lambda value, kept: value
    return read


def _zoho_timestamps_first(read: Reader) -> Reader:
    """``read``, with Zoho's own timestamp form (``2013-08-05T12:06:10+0530``, which is written
    back as it came) parsed directly: most timestamp fields of an answer take this path."""
    parse = datetime.datetime.fromisoformat

    def read_timestamp(value: Any, kept: list[tuple[str, Any]]) -> Any:
        if (
            value.__class__ is str
            and len(value) == 24
            and value[10] == "T"
            and value[19] in "+-"
            and value[22] != ":"
        ):
            try:
                return parse(value)
            except ValueError:
                pass
        return read(value, kept)

    return read_timestamp


def _never(typed: Any, value: Any) -> bool:
    return False


def _is_number(typed: Any, value: Any) -> bool:
    return value.__class__ in _NUMBERS


_NUMBERS = frozenset({int, Decimal, float})


def _date_echoes(typed: Any, value: Any) -> bool:
    return typed is not None and typed.isoformat() == value


def _timestamp_echoes(typed: Any, value: Any) -> bool:
    if typed is None:
        return False
    # Zoho's own form (2013-08-05T12:06:10+0530) is written back as it came; others are compared.
    if len(value) == 24 and value[10] == "T" and value[19] in "+-" and value[22] != ":":
        return True
    return bool(format_timestamp(typed) == value)


def _equal_or_models(typed: Any, value: Any) -> bool:
    if typed is None:
        return False
    if typed.__class__ is list and typed and _is_model(type(typed[0])):
        return True  # each object kept its own surprises
    return _is_model(type(typed)) or bool(typed == value)


def _echo_test(inner: Any) -> Callable[[Any, Any], bool]:
    """Whether a typed value is written back as the ``value`` it was read from."""
    if inner is str or inner is bool:
        return _never  # the value was not already text / a boolean
    if inner is Decimal or inner is int:
        return _is_number  # 15 and 15.00 leave as the same numbers; "15" would not
    if inner is datetime.date:
        return _date_echoes
    if inner is datetime.datetime:
        return _timestamp_echoes
    return _equal_or_models


def accepted_kinds(inner: Any) -> frozenset[type]:
    """The JSON kinds (decoded classes) a field of type ``inner`` is declared to take: the one
    table reads and the sandbox's stored kinds agree on."""
    if inner is Decimal or inner is int:
        return _NUMBERS
    if inner == TEXT_OR_NUMBER or inner == NUMBER_OR_TEXT:
        return _NUMBERS | {str}
    if inner in (str, datetime.date, datetime.datetime):
        return frozenset({str})
    if inner is bool:
        return frozenset({bool})
    if _is_model(inner) or typing.get_origin(inner) is dict:
        return frozenset({dict})
    if typing.get_origin(inner) is list:
        return frozenset({list})
    return _NUMBERS | {str, bool, list, dict}


def _items_of(data: Mapping[str, Any]) -> Callable[[str], Any]:
    """``data.get`` for a mapping that may not be a plain dict: ``data[key]`` if ``key in data``."""

    def get(key: str) -> Any:
        return data[key] if key in data else None

    return get


# Annotation texts already evaluated, per module: hundreds of model fields share a few texts
# ("str | None"), and typing.get_type_hints compiles every one of them anew.
_EVALUATED: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The type of each attrs field of ``cls``, its postponed annotations evaluated once per text;
    worked out once per class (the sandbox asks on every write, unstructuring on every kept value).
    The mapping is shared: read it, never change it."""
    types = _FIELD_TYPES.get(cls)
    if types is None:
        types = _FIELD_TYPES[cls] = _field_types(cls)
    return types


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def _field_types(cls: type) -> dict[str, Any]:
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
    """``X`` for a field type ``X | None`` (or ``Optional[X]``), else None; ``X | Y`` for
    ``X | Y | None``."""
    arms = typing.get_args(field_type)
    if typing.get_origin(field_type) in (typing.Union, types.UnionType) and type(None) in arms:
        rest = tuple(arm for arm in arms if arm is not type(None))
        if len(rest) == 1:
            return rest[0]
        return _OPTIONAL_ARMS.setdefault(rest, typing.Union[rest])  # noqa: UP007 (built from a tuple)
    return None


_OPTIONAL_ARMS: dict[tuple[Any, ...], Any] = {}


def _is_model(field_type: Any) -> bool:
    return isinstance(field_type, type) and issubclass(field_type, Model)


def _model_list_element(field_type: Any) -> type[Model] | None:
    if typing.get_origin(field_type) is not list:
        return None
    (element,) = typing.get_args(field_type)
    return element if _is_model(element) else None
