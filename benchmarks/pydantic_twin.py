"""A pydantic v2 model with the same fields and the same reading rules as an SDK model, for the
side-by-side decode rows of ``benchmarks/decode.py`` (pydantic is in the ``bench`` extra only).

Built from the attrs model's own fields, so both read exactly the same fields: money as
``Decimal``, timestamps as aware datetimes (Zoho's ``+0530`` form), dates, ids sent as numbers
read as text, unknown fields kept, and ``""`` read as unset for every field that is not text
(a ``BeforeValidator``, pydantic's way of adding a rule to a type).
"""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zbooks_async.models.base import Model
from zbooks_async.structuring import TEXT_OR_NUMBER, field_types, optional_arm

try:
    import pydantic
except ImportError:  # the rows say so: pip install -e '.[bench]'
    pydantic = None  # type: ignore[assignment]


def _blank_is_unset(value: Any) -> Any:
    return None if value == "" else value


_TWINS: dict[type, Any] = {}


def twin(cls: type[Model]) -> Any:
    """The pydantic model of ``cls`` (its nested models too), made once."""
    made = _TWINS.get(cls)
    if made is not None:
        return made
    assert pydantic is not None, "pydantic is not installed"
    fields: dict[str, Any] = {}
    types = field_types(cls)
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        inner = optional_arm(types[field.name])
        if inner is None:  # a required field: the record's own id
            fields[field.name] = (_type_of(types[field.name]), ...)
        else:
            fields[field.name] = (_type_of(inner) | None, None)
    config = pydantic.ConfigDict(extra="allow", coerce_numbers_to_str=True)
    made = _TWINS[cls] = pydantic.create_model(f"Pydantic{cls.__name__}", __config__=config, **fields)
    return made


def _type_of(inner: Any) -> Any:
    assert pydantic is not None
    if inner is str or inner == TEXT_OR_NUMBER or inner is Any:
        return inner  # text keeps "" as it came
    blank = pydantic.BeforeValidator(_blank_is_unset)
    if inner is datetime.datetime:
        return Annotated[pydantic.AwareDatetime | None, blank]
    if inner in (Decimal, datetime.date, bool, int) or getattr(inner, "__origin__", None) is dict:
        return Annotated[inner | None, blank]
    if isinstance(inner, type) and issubclass(inner, Model):
        return Annotated[twin(inner) | None, blank]
    element = getattr(inner, "__args__", (None,))[0]
    listed = getattr(inner, "__origin__", None) is list
    if listed and isinstance(element, type) and issubclass(element, Model):
        return Annotated[list[twin(element)] | None, blank]  # type: ignore[misc]
    return Annotated[inner | None, blank]
