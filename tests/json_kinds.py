"""Comparing JSON values kind for kind: ``15`` and ``"15"`` differ, ``15`` and ``15.00`` do not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def kind(value: Any) -> str:
    """The JSON kind of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def differences(left: Any, right: Any, path: str = "$") -> list[str]:
    """Every place where ``left`` and ``right`` differ in kind or value (numbers by value)."""
    if kind(left) != kind(right):
        return [f"{path}: {kind(left)} {left!r} vs {kind(right)} {right!r}"]
    if isinstance(left, dict):
        found = []
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                found.append(f"{path}.{key}: only on the {'right' if key not in left else 'left'}")
            else:
                found += differences(left[key], right[key], f"{path}.{key}")
        return found
    if isinstance(left, list | tuple):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items vs {len(right)}"]
        pairs = enumerate(zip(left, right, strict=True))
        return [diff for i, (a, b) in pairs for diff in differences(a, b, f"{path}[{i}]")]
    return [] if left == right else [f"{path}: {left!r} vs {right!r}"]


def without_nulls(value: Any) -> Any:
    """``value`` without its null members: a null reads as "not set", which is written as absent."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def same_json(left: Any, right: Any) -> bool:
    """Whether ``left`` and ``right`` are the same JSON, kind for kind and value for value."""
    return not differences(left, right)
