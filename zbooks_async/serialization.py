"""Models out of the SDK and back: Zoho's JSON shape, with money kept exact.

``to_dict`` gives the dict Zoho itself would send for a model: field names as in the API,
unset (None) fields left out, unknown fields kept in ``extra`` put back, timestamps written as
Zoho writes them (``2013-08-05T12:06:10+0530``), dates as ``2024-03-31``, and money left as
``Decimal`` so no digit is lost. ``to_json`` writes the same as compact JSON text, money as
JSON numbers carrying every digit (never through a float). ``from_dict`` and ``from_json``
read that shape back into a model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, TypeVar

from . import jsoncodec
from .converter import structure, unstructure
from .models.base import Model

M = TypeVar("M", bound=Model)


def to_dict(model: Model) -> dict[str, Any]:
    """The model as Zoho's JSON object: money stays ``Decimal``, None fields are left out.

    ``to_dict(contact)["credit_limit"] == Decimal("1000.50")``. ``json.dumps`` cannot write a
    ``Decimal``: use :func:`to_json`, or ``json.dumps(to_dict(m), default=str)`` for money as
    strings.
    """
    if not isinstance(model, Model):
        raise TypeError(f"to_dict takes a model, got {type(model).__name__}")
    data: dict[str, Any] = unstructure(model)
    return data


def to_json(value: Model | Sequence[Model]) -> str:
    """A model (or a list of models) as compact JSON text; money keeps every digit.

    ``to_json(contact)`` -> ``'{"contact_id":"460000000026049","credit_limit":1000.50,...}'``.
    Money is written as a JSON number with exactly the digits of its ``Decimal``.
    """
    if isinstance(value, Model):
        data: Any = to_dict(value)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        data = [to_dict(model) for model in value]
    else:
        raise TypeError(f"to_json takes a model or a list of models, got {type(value).__name__}")
    return json_text(data)


def json_text(data: Any) -> str:
    """A JSON value (dicts, lists, text, numbers, ``Decimal`` money) as compact JSON text.

    Money is written with exactly the digits of its ``Decimal``, however many:
    ``json_text({"rate": Decimal("12345678901234567.89")}) == '{"rate":12345678901234567.89}'``.
    """
    parts: list[str] = []
    _write(data, parts)
    return "".join(parts)


def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
    """Read Zoho's JSON shape (as :func:`to_dict` gives it) back into ``cls``.

    ``contact = from_dict(Contact, data)``. A field of the wrong type raises
    ``MalformedResponseError`` naming it.
    """
    return structure(data, cls)


def from_json(cls: type[M], text: str | bytes) -> M:
    """Read JSON text (as :func:`to_json` writes it) into ``cls``; numbers with a fraction
    are read as exact ``Decimal``. ``contact = from_json(Contact, text)``."""
    data = jsoncodec.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object for {cls.__name__}, got {type(data).__name__}")
    return structure(data, cls)


def _write(value: Any, parts: list[str]) -> None:
    # The stdlib encoder can only write a Decimal through float, which rounds past 17 digits,
    # so the (small, flat) values of a model are written here.
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(encode_basestring(value))  # what json.dumps(ensure_ascii=False) writes
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, Decimal):
        parts.append(_decimal_text(value))
    elif isinstance(value, float):
        parts.append(json.dumps(value, allow_nan=False))
    elif isinstance(value, Mapping):
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, got {type(key).__name__} {key!r}")
            if index:
                parts.append(",")
            parts.append(encode_basestring(key))
            parts.append(":")
            _write(item, parts)
        parts.append("}")
    elif isinstance(value, list | tuple):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _write(item, parts)
        parts.append("]")
    else:
        raise TypeError(f"cannot write a {type(value).__name__} as JSON: {value!r}")


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    # str() of a finite Decimal is always valid JSON number text ("1000.50", "1E+3", "-0").
    return str(value)
