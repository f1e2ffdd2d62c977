"""The naming rule: a function's name follows from its HTTP method and its path's shape, never
from Zoho's operationIds (which name the same thing three ways across modules).

A path is read as literal segments and placeholders. The shapes the rule covers:

==================================  ======  ==========================  ===========================
shape (the path ends in ...)        method  name                        example
==================================  ======  ==========================  ===========================
``{id}/status/<state>``             POST    ``mark_<state>``            ``invoices.mark_void``
``<collection>/status/<state>``     POST    ``mark_<state>_many``       ``invoices.mark_void_many``
the collection, custom-field        PUT     ``update_by_custom_field``  ``bills.update_by_custom_field``
headers (X-Unique-Identifier-Key)
``{id}/<plural>``, a collection     GET     ``list_<plural>``           ``bills.list_comments``
==================================  ======  ==========================  ===========================

A collection is a literal segment the module's paths have records under
(``/bills/{bill_id}/comments/{comment_id}`` makes ``/bills/{}/comments`` one); a literal that
holds no records (``/invoices/{id}/sms``, ``.../customfields``) is not.
``<plural>`` is a literal segment read as words (Zoho glues them: ``vendorcredits``), so
``list_vendor_credits`` fits the segment ``vendorcredits``. Everywhere: no article (``a``,
``an``, ``the``) is a word of a name, and ``customfields`` is written ``custom_fields``.

Where the shape misleads (a POST to ``{id}/customfields`` replaces values, it adds no record),
the overlay names the operation and says why (``why:``); a name that breaks the rule without a
reason is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .types import singular

ARTICLES = frozenset({"a", "an", "the"})
CUSTOM_FIELD_HEADER = "X-Unique-Identifier-Key"
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _is_placeholder(segment: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(segment))


def _is_plural(segment: str) -> bool:
    return not _is_placeholder(segment) and segment.isalpha() and singular(segment) != segment


def _fits(rest: str, segment: str) -> bool:
    """``custom_fields`` fits ``customfields``: the words, glued, are the segment."""
    return rest.replace("_", "") == segment.replace("_", "").lower()


def tidy(name: str) -> str:
    """A derived name without articles and with ``customfields`` split."""
    words = [word for word in name.split("_") if word not in ARTICLES]
    return "_".join("custom_fields" if word == "customfields" else word for word in words) or name


def collections(paths: Iterable[str]) -> frozenset[str]:
    """The module's collections: a path (placeholders written ``{}``) that has records under it,
    ``/bills/{}/comments`` where ``/bills/{}/comments/{comment_id}`` exists. A literal after a
    record that holds no records (``/invoices/{}/sms``, ``.../customfields``) is no collection."""
    found = set()
    for path in paths:
        segments = [_PLACEHOLDER.sub("{}", s) for s in path.split("/") if s]
        for i in range(1, len(segments)):
            if segments[i] == "{}" and segments[i - 1] != "{}":
                found.add("/" + "/".join(segments[:i]))
    return frozenset(found)


def expected(
    method: str, path: str, headers: Iterable[str] = (), known: frozenset[str] | None = None
) -> tuple[str, bool] | None:
    """What the rule asks of an operation's name: ``(name, exact)``, ``exact`` False where the
    rule fixes only the verb (the name is that or starts with it and ``_``). ``None`` where the
    rule does not cover the shape. For shapes whose noun is a glued segment, the name given is
    the verb and the segment (``list_vendorcredits``); :func:`problem` compares word-blind."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    holders = [i for i, s in enumerate(segments) if _is_placeholder(s)]
    last = segments[-1]
    shape = "/" + "/".join(_PLACEHOLDER.sub("{}", s) for s in segments)
    is_collection = known is None or shape in known
    if method == "POST" and len(segments) >= 3 and segments[-2] == "status" and not _is_placeholder(last):
        if _is_placeholder(segments[-3]):
            return f"mark_{last}", True
        if not holders:
            return f"mark_{last}_many", True
    if method == "PUT" and not holders and CUSTOM_FIELD_HEADER in headers:
        return "update_by_custom_field", True
    if method == "GET" and len(segments) >= 2 and _is_placeholder(segments[-2]) and _is_plural(last):
        if is_collection:
            return f"list_{last}", True
    return None


def problem(
    name: str, method: str, path: str, headers: Iterable[str] = (), known: frozenset[str] | None = None
) -> str | None:
    """Why ``name`` breaks the rule for this method and path, or ``None`` when it keeps it."""
    words = name.split("_")
    if ARTICLES & set(words):
        return "has an article"
    if "customfields" in words:
        return "writes customfields as one word"
    rule = expected(method, path, headers, known)
    if rule is None:
        return None
    want, exact = rule
    if not exact:
        return None if name == want or name.startswith(want + "_") else f"should be {want} or {want}_..."
    if want == "update_by_custom_field":
        return None if name == want else f"should be {want}"
    if name == want or _fits(name, want):
        return None
    return f"should be {want} (words split as Zoho's glued segment reads)"


def conform(
    name: str, method: str, path: str, headers: Iterable[str] = (), known: frozenset[str] | None = None
) -> str:
    """A derived name made to keep the rule: tidied, then replaced by the rule's own name where
    the shape is covered and the derived one breaks it."""
    name = tidy(name)
    rule = expected(method, path, headers, known)
    if rule is not None and rule[1] and problem(name, method, path, headers, known):
        return rule[0]
    return name
