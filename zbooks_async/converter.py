"""The one cattrs converter that turns Zoho JSON into models and models back into JSON.

Its rules: ids and other strings accept JSON numbers (Zoho sends 19-digit ids and zip codes as
numbers); money is ``Decimal``, finite, and a money string is plain (``"1234.56"``) or has
thousands commas (``"1,234.56"``), never a decimal comma; timestamps such as
``2013-08-05T12:06:10+0530`` are aware ``datetime``s and are written back in the same form; dates
are ``date``; ``""`` in a number, date, timestamp, nested object or list field means "not set"
(real Zoho sends ``""`` where its documents promise a list); unknown keys go to ``Model.extra``
and come back out.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import structuring
from .errors import MalformedResponseError
from .models.base import Model

T = TypeVar("T")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
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


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TypeError(f"expected a boolean, got {type(value).__name__} {value!r}")


def parse_timestamp(value: str) -> datetime:
    """Read a Zoho timestamp (``2013-08-05T12:06:10+0530`` or ISO 8601) as an aware datetime."""
    try:
        parsed = datetime.fromisoformat(value)  # Python 3.11 reads Zoho's "+0530" too
    except ValueError:
        parsed = datetime.strptime(value, TIMESTAMP_FORMAT)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp {value!r} has no UTC offset")
    return parsed


def format_timestamp(value: datetime) -> str:
    """Write an aware datetime the way Zoho does: ``2013-08-05T12:06:10+0530``.

    Zoho keeps whole seconds, so a fraction of a second is dropped.
    """
    if value.tzinfo is None:
        raise ValueError(f"timestamp {value!r} must be timezone-aware")
    # strftime's %Y does not zero-pad years before 1000, which would not read back.
    return f"{value.year:04d}" + value.strftime(TIMESTAMP_FORMAT.removeprefix("%Y"))


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


def _model_structure_hook(
    converter: cattrs.Converter, *, generated: bool, compile_after: int
) -> Callable[[type], Any]:
    def factory(cls: type[Model]) -> Callable[[Any, type], Model]:
        if generated and structuring.can_generate(cls):
            return structuring.model_hook(cls, converter, _ALREADY_RIGHT, hot=compile_after)
        base = make_dict_structure_fn(cls, converter, extra=override(omit=True))
        known = frozenset(a.name for a in attrs.fields(cls) if a.name != "extra")

        def structure(data: Any, _: type) -> Model:
            # dict first: isinstance against the Mapping ABC costs 4x as much, per nested object.
            if data.__class__ is not dict and not isinstance(data, Mapping):
                raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
            model = base(data, cls)
            if not known.issuperset(data):  # a set check in C; most objects have no unknown keys
                model.extra = {key: value for key, value in data.items() if key not in known}
            return model

        return structure

    return factory


def _is_model_list(cls: Any) -> bool:
    return typing.get_origin(cls) is list and _is_model(typing.get_args(cls)[0])


def _model_list_structure_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        (element,) = typing.get_args(cls)
        return structuring.list_hook(converter.get_structure_hook(element), element)

    return factory


def _detailed_model_list_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """A list of models, item by item, naming the index that failed; an object where a list
    belongs is refused (iterating a dict would read its keys), as the fast path refuses it."""

    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        (element,) = typing.get_args(cls)
        item_hook = converter.get_structure_hook(element)

        def structure(value: Any, _: Any) -> list[Any]:
            if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
                raise TypeError(f"expected a list of {element.__name__}, got {type(value).__name__}")
            items, failures = [], []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, element))
                except Exception as exc:  # every item's failure is reported, as cattrs does
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"Structuring {cls} @ index {index}", index, element),
                    ]
                    failures.append(exc)
            if failures:
                raise IterableValidationError(f"While structuring {cls!r}", failures, cls)
            return items

        return structure

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

        def unstructure(model: Model) -> dict[str, Any]:
            data: dict[str, Any] = base(model)
            for key, value in model.extra.items():
                data.setdefault(key, converter.unstructure(value))
            return data

        return unstructure

    return factory


def make_converter(detailed: bool = True, *, compile_after: int = structuring.HOT) -> cattrs.Converter:
    """Build the converter with every Zoho rule registered.

    Without ``detailed`` validation models take structuring's fast path, each model's function
    compiled at its ``compile_after``-th use.
    """
    converter = cattrs.Converter(detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(datetime, format_timestamp)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(Decimal, lambda value: value)
    converter.register_structure_hook_factory(_is_optional, _optional_structure_hook(converter))
    # The fast converter's model hooks are structuring's (a plan per model, compiled once hot);
    # the detailed one keeps cattrs' own, which names the field that was wrong.
    converter.register_structure_hook_factory(
        _is_model, _model_structure_hook(converter, generated=not detailed, compile_after=compile_after)
    )
    if not detailed:  # cattrs' own list hook says which item was wrong: kept for the detailed pass
        converter.register_structure_hook_factory(_is_model_list, _model_list_structure_hook(converter))
    else:
        converter.register_structure_hook_factory(_is_model_list, _detailed_model_list_hook(converter))
    converter.register_unstructure_hook_factory(_is_model, _model_unstructure_hook(converter))
    # cattrs registers a mapping type's hook the first time it meets it, which empties its whole
    # dispatch cache: model hooks built before would be built again (and compiled again). The
    # mapping types models use are met here, once, before any model hook exists.
    for mapping in (dict[str, Any], dict[str, str]):
        converter.get_structure_hook(mapping)
    return converter


CONVERTER = make_converter()
# Without detailed validation cattrs' generated code is leaner; it is tried first, and only a
# failure pays for a second, detailed pass that says which field was wrong.
FAST = make_converter(detailed=False)


# The fast converter's hook per type, kept here: FAST.structure dispatches again on every call,
# which is a measurable part of a typed get.
_FAST_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {}


def structure(data: Any, cls: type[T]) -> T:
    """Turn decoded JSON into ``cls``; a field of the wrong shape raises MalformedResponseError."""
    try:
        hook = _FAST_HOOKS.get(cls)
        if hook is None:
            hook = _FAST_HOOKS[cls] = FAST.get_structure_hook(cls)
        result: T = hook(data, cls)
        return result
    except Exception:  # the detailed converter below names the bad field
        pass
    try:
        return CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        problems = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else str(exc)
        )
        name = getattr(cls, "__name__", str(cls))
        raise MalformedResponseError(
            f"could not read {name} from Zoho's answer: {problems}"
        ) from exc


def unstructure(value: Any) -> Any:
    """Turn a model (or plain values holding models) into JSON-ready data."""
    return CONVERTER.unstructure(value)
