"""Pages of a sub-resource list (``page``/``per_page`` in, ``page_context`` out), as Zoho pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import errors
from .state import JSONObject

MAX_PER_PAGE = 200


def positive_int(query: Mapping[str, str], name: str, default: int, maximum: int | None) -> int:
    """Read a whole-number query parameter in 1..maximum; raise code 2 for anything else."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.invalid_parameter(name, "It must be a whole number.") from None
    if value < 1 or (maximum is not None and value > maximum):
        limit = f"between 1 and {maximum}" if maximum is not None else "at least 1"
        raise errors.invalid_parameter(name, f"It must be {limit}.")
    return value


def page_of(
    items: Sequence[JSONObject],
    query: Mapping[str, str],
    *,
    default_per_page: int = MAX_PER_PAGE,
    **context: Any,
) -> tuple[list[JSONObject], JSONObject]:
    """The requested page of ``items`` and its ``page_context`` (``context`` adds fields to it)."""
    page = positive_int(query, "page", 1, None)
    per_page = positive_int(query, "per_page", default_per_page, MAX_PER_PAGE)
    start = (page - 1) * per_page
    chosen = list(items[start : start + per_page])
    page_context = {
        "page": page,
        "per_page": per_page,
        "has_more_page": start + per_page < len(items),
        **context,
    }
    return chosen, page_context
