"""The one cattrs converter that turns Zoho JSON into models and models back into JSON.

Its rules: ids accept JSON numbers (read as their digits); money is ``Decimal``, finite, and a
money string is plain (``"1234.56"``) or has thousands commas (``"1,234.56"``), never a decimal
comma; timestamps such as ``2013-08-05T12:06:10+0530`` are aware ``datetime``s and are written back
in the same form; dates are ``date``; ``""`` in a number, date, timestamp, nested object or list
field means "not set" (real Zoho sends ``""`` where its documents promise a list); unknown keys go
to ``Model.extra`` and come back out.

Reads are total and lossless (``structuring.reader``): a value that does not fit its field, or
that would not be written back the same (``""``, a number read into a text field), is kept in
``extra`` under its own key and written back from there while the field still holds what it was
read as. ``structure(..., strict=True)`` fails on every mismatch instead, naming them all.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from . import mismatches, structuring
from .errors import MalformedResponseError
from .models.base import Model
from .timestamps import TIMESTAMP_FORMAT as TIMESTAMP_FORMAT
from .timestamps import format_timestamp as format_timestamp
from .timestamps import parse_timestamp as parse_timestamp

T = TypeVar("T")
# A plain number, or one with thousands commas: "1,234.56" is 1234.56, "1.234,56" is refused.
_MONEY_TEXT = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    raise TypeError(f"expected a string or an integer, got {type(value).__name__} {value!r}")


def _structure_decimal(value: Any, _: type) -> Decimal | None:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not _MONEY_TEXT.fullmatch(text):
            raise ValueError(f"not a number: {value!r}")
        number = Decimal(text.replace(",", ""))
    else:
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _structure_int(value: Any, _: type) -> int | None:
    if isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        if not value.strip():
            return None
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__} {value!r}")


def _structure_text_or_number(value: Any, _: Any) -> str | int | None:
    if value.__class__ is str or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise TypeError(f"expected text or a whole number, got {type(value).__name__} {value!r}")


def _structure_number_or_text(value: Any, _: Any) -> Decimal | str | None:
    if isinstance(value, str):
        return value  # "10%", or "" for not set: kept as text
    return _structure_decimal(value, Decimal)


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TypeError(f"expected a boolean, got {type(value).__name__} {value!r}")


def _structure_datetime(value: Any, _: type) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return parse_timestamp(value) if value.strip() else None
    raise TypeError(f"expected a timestamp string, got {type(value).__name__} {value!r}")


def _structure_date(value: Any, _: type) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10]) if value.strip() else None
    raise TypeError(f"expected a date string, got {type(value).__name__} {value!r}")


def _is_optional(cls: Any) -> bool:
    return structuring.optional_arm(cls) is not None


def _blank_means_none(inner: Any) -> bool:
    """Whether ``""`` stands for "no value" in an ``inner | None`` field: objects and collections
    (number, date and timestamp hooks read ``""`` as None themselves; a string stays a string)."""
    return _is_model(inner) or typing.get_origin(inner) in (list, dict, tuple)


def _optional_structure_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    # cattrs' generic Optional handling looks the inner hook up on every value; every model
    # field is ``X | None``, so resolving it once per type makes structuring about 30% faster.
    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        inner = structuring.optional_arm(cls)
        handler = converter.get_structure_hook(inner)
        if _blank_means_none(inner):

            def structure_blank_is_none(value: Any, _: Any) -> Any:
                if value is None or (value.__class__ is str and not value.strip()):
                    return None
                return handler(value, inner)

            return structure_blank_is_none
        if inner in _ALREADY_RIGHT:
            # Most values arrive with the right JSON type already: skip the hook call for them.
            exact = _ALREADY_RIGHT[inner]

            def structure_simple(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is exact:
                    return value
                return handler(value, inner)

            return structure_simple

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else handler(value, inner)

        return structure

    return factory


# Field types whose hook returns a value of exactly this JSON type unchanged.
_ALREADY_RIGHT: dict[Any, type] = {str: str, bool: bool, int: int, Decimal: Decimal}


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


def _model_structure_hook(converter: cattrs.Converter, *, compile_after: int) -> Callable[[type], Any]:
    def factory(cls: type[Model]) -> Callable[[Any, type], Model]:
        return structuring.model_hook(cls, converter, _ALREADY_RIGHT, hot=compile_after)

    return factory


def _is_model_list(cls: Any) -> bool:
    return typing.get_origin(cls) is list and _is_model(typing.get_args(cls)[0])


def _model_list_structure_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        (element,) = typing.get_args(cls)
        return structuring.list_hook(converter.get_structure_hook(element), element)

    return factory


def _model_unstructure_hook(converter: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type[Model]) -> Callable[[Model], dict[str, Any]]:
        # Unset (None) fields are left out; fields with a real default are always written.
        kept = {
            a.name: override(omit_if_default=False)
            for a in attrs.fields(cls)
            if a.default is not None and a.name != "extra"
        }
        base = make_dict_unstructure_fn(
            cls,
            converter,
            _cattrs_omit_if_default=True,
            extra=override(omit=True),
            **kept,  # type: ignore[arg-type]
        )

        known = frozenset(a.name for a in attrs.fields(cls) if a.name != "extra")

        def unstructure(model: Model) -> dict[str, Any]:
            data: dict[str, Any] = base(model)
            for key, value in model.extra.items():
                if key not in known:
                    data.setdefault(key, converter.unstructure(value))
                elif _kept_value_stands(converter, model, key, value):
                    data[key] = value  # a known field's value kept as Zoho sent it
            return data

        return unstructure

    return factory


def _kept_value_stands(converter: cattrs.Converter, model: Model, name: str, value: Any) -> bool:
    """Whether ``value``, kept in ``extra`` as Zoho sent it for the field ``name``, still stands:
    the field is unset (the value could not be typed) or still holds what it was read as. A
    field the user has changed since is written instead."""
    current = getattr(model, name)
    if current is None:
        return True
    field_type = structuring.field_types(type(model))[name]
    try:
        read = converter.get_structure_hook(field_type)(value, field_type)
    except Exception:
        read = None
    if read is not None:
        return bool(read == current)
    # It could not be typed (or was blank): the field took its default, unless changed since.
    default: Any = attrs.fields_dict(type(model))[name].default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return bool(current == default)


def make_converter(*, compile_after: int = structuring.HOT) -> cattrs.Converter:
    """Build the converter with every Zoho rule registered.

    Models are read by structuring's total path, each model's function compiled at its
    ``compile_after``-th use.
    """
    converter = cattrs.Converter(detailed_validation=False)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_func(
        lambda cls: cls == structuring.TEXT_OR_NUMBER, _structure_text_or_number
    )
    converter.register_structure_hook_func(
        lambda cls: cls == structuring.NUMBER_OR_TEXT, _structure_number_or_text
    )
    converter.register_unstructure_hook(datetime, format_timestamp)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(Decimal, lambda value: value)
    converter.register_structure_hook_factory(_is_optional, _optional_structure_hook(converter))
    converter.register_structure_hook_factory(
        _is_model, _model_structure_hook(converter, compile_after=compile_after)
    )
    converter.register_structure_hook_factory(_is_model_list, _model_list_structure_hook(converter))
    converter.register_unstructure_hook_factory(_is_model, _model_unstructure_hook(converter))
    # cattrs registers a mapping type's hook the first time it meets it, which empties its whole
    # dispatch cache: model hooks built before would be built again (and compiled again). The
    # mapping types models use are met here, once, before any model hook exists.
    for mapping in (dict[str, Any], dict[str, str]):
        converter.get_structure_hook(mapping)
    return converter


CONVERTER = make_converter()

# The converter's hook per type, kept here: CONVERTER.structure dispatches again on every call,
# which is a measurable part of a typed get.
_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {}


def structure(data: Any, cls: type[T], *, strict: bool = False) -> T:
    """Turn decoded JSON into ``cls``.

    Reads are total: a value that does not fit its field's type is kept as Zoho sent it (in
    ``extra``, written back unchanged) and reported once in the log. Only a value that is not an
    object where a record belongs, or a record without its own id, raises
    MalformedResponseError; with ``strict`` every mismatch does, all of them named.
    """
    hook = _HOOKS.get(cls)
    if hook is None:
        hook = _HOOKS[cls] = CONVERTER.get_structure_hook(cls)
    if not strict:
        return _read(hook, data, cls)
    with mismatches.collecting() as found:
        result = _read(hook, data, cls)
    if found:
        raise MalformedResponseError(
            f"Zoho's answer does not fit {_name(cls)} (strict mode): " + "; ".join(map(str, found))
        )
    return result


def _read(hook: Callable[[Any, Any], Any], data: Any, cls: type[T]) -> T:
    try:
        result: T = hook(data, cls)
        return result
    except KeyError as exc:
        problem = f"the required field {exc.args[0]!r} is missing or null"
        raise MalformedResponseError(f"could not read {_name(cls)} from Zoho's answer: {problem}") from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise MalformedResponseError(f"could not read {_name(cls)} from Zoho's answer: {exc}") from exc


def _name(cls: Any) -> str:
    return str(getattr(cls, "__name__", cls))


def unstructure(value: Any) -> Any:
    """Turn a model (or plain values holding models) into JSON-ready data."""
    return CONVERTER.unstructure(value)
