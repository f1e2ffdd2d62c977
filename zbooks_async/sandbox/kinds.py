"""Stored values in the kinds real Zoho answers carry, whatever kind a request sent them as.

Zoho stores typed columns: a rate sent as ``"2.50"`` comes back as the number ``2.5``, a flag sent
as ``"true"`` as ``true``, an address sent as a one-item list as the object. The sandbox stores a
write's body the same way, by the kinds the SDK's answer model declares for each field (themselves
corrected from real answers, ``tests/data/real/``), so what it serves reads strictly. A value no
such conversion fits is stored as sent.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from ..models.base import Model
from ..structuring import accepted_kinds, field_types, optional_arm

_NUMBER_TEXT = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?\s*%?\s*")


def stored_kinds(body: Mapping[str, Any], model: type[Any], *, drop_misfits: bool = False) -> dict[str, Any]:
    """``body`` with each value of a field ``model`` declares in that field's kind, where the
    conversion is plain (numeric text to a number, ``"true"``/``"false"`` to a boolean, one object to
    a one-item list and back); nested objects are converted by their own models. With
    ``drop_misfits`` a value that still does not fit is left out (a documented example's typo)."""
    if not (isinstance(model, type) and issubclass(model, Model)):
        return dict(body)
    types = field_types(model)
    kept = {}
    for name, value in body.items():
        field_type = types.get(name)
        value = _kind(value, field_type, drop_misfits)
        if drop_misfits and field_type is not None and not _fits(value, field_type):
            continue
        kept[name] = value
    return kept


def _fits(value: Any, field_type: Any) -> bool:
    """Whether the SDK reads ``value`` into ``field_type`` as it is (blank text is "not set")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return value.__class__ in accepted_kinds(optional_arm(field_type) or field_type)


def _kind(value: Any, field_type: Any, drop_misfits: bool = False) -> Any:
    if field_type is None or value is None:
        return value
    inner = optional_arm(field_type) or field_type
    if inner is str and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a text column answers text, whatever a request sent
    if inner is Decimal and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        try:
            return Decimal(value.strip().rstrip("%").strip())
        except InvalidOperation:
            return value
    if inner is bool and value in ("true", "false"):
        return value == "true"
    if attrs.has(inner):
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        return stored_kinds(value, inner, drop_misfits=drop_misfits) if isinstance(value, Mapping) else value
    if typing.get_origin(inner) is list:
        (element,) = typing.get_args(inner)
        if isinstance(value, Mapping) and attrs.has(element):
            value = [value]
        if isinstance(value, list):
            return [_kind(item, element, drop_misfits) for item in value]
    return value


def answer_in_kinds(answer: dict[str, Any], key: str | None, shape: str, model: type[Any]) -> dict[str, Any]:
    """A documented answer with its record(s) in the kinds real answers carry (see stored_kinds);
    a documented value that cannot be (a typo such as ``"fasle"``) is left out."""
    if shape == "answer":
        return stored_kinds(answer, model, drop_misfits=True)
    if key is None or key not in answer:
        return answer
    value = answer[key]
    if isinstance(value, Mapping):
        answer[key] = stored_kinds(value, model, drop_misfits=True)
    elif isinstance(value, list):
        answer[key] = [
            stored_kinds(item, model, drop_misfits=True) if isinstance(item, Mapping) else item
            for item in value
        ]
    return answer


def with_formatted_twins(record: Mapping[str, Any], model: type[Any]) -> dict[str, Any]:
    """``record`` with the ``<amount>_formatted`` text real answers carry beside each amount
    (``"total": 1250.5`` and ``"total_formatted": "$1,250.50"``; tests/data/real/), for every amount
    ``model`` declares; derived on the way out, so an amount changed in place keeps its twin."""
    if not (isinstance(model, type) and issubclass(model, Model)):
        return dict(record)
    declared = field_types(model)
    symbol = str(record.get("currency_symbol") or "$")
    shown = dict(record)
    for name, value in record.items():
        twin = f"{name}_formatted"
        if twin not in record and _is_amount(value, declared.get(name)):
            shown[twin] = f"{symbol}{Decimal(str(value)):,.2f}"
    return shown


def _is_amount(value: Any, field_type: Any) -> bool:
    inner = optional_arm(field_type) or field_type
    return inner is Decimal and isinstance(value, int | float | Decimal) and not isinstance(value, bool)
