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
``{id}/<collection>``               GET     ``<group>.list``            ``bills.comments.list``
``{id}/<collection>``               POST    ``<group>.create``          ``bills.comments.create``
``{id}/<collection>/{sub_id}``      GET     ``<group>.get``             ``credit_notes.refunds.get``
``{id}/<collection>/{sub_id}``      PUT     ``<group>.update``          ``invoices.comments.update``
``{id}/<collection>/{sub_id}``      DELETE  ``<group>.delete``          ``invoices.payments.delete``
``{id}/<collection>/{sub_id}/...``  any     ``<group>.<verb>...``       ``projects.users.invite``
``{id}/active``, ``{id}/inactive``  POST    ``mark_active``, ...        ``reporting_tags.options.mark_active``
``<collection>/active``             POST    ``mark_active_many``        ``chart_of_accounts.mark_active_many``
==================================  ======  ==========================  ===========================

Sub-resources follow path nesting: a collection under one of the module's records
(``/invoices/{invoice_id}/comments``, with ``/comments/{comment_id}`` beneath it) is a lazy
sub-resource named by its segment's words without a leading noun of the module, the last made
plural (``bankaccount`` -> ``bank_accounts``, ``lineitems`` -> ``line_items``,
``contactpersons`` in contacts -> ``persons``; ``metadata``, ``..._status`` and ``..._history``
stay as they are). A plural segment lists the collection its singular holds (``cards`` and
``card/{card_id}``). Inside a sub-resource the names above hold; other shapes keep the
operation's own verb, without the words that the group and the module already say
(``add_bank_reconciliation_attachment`` in ``bank_accounts.reconciliations`` is
``add_attachment``). Sub-resources whose operations nest under no collection are declared in
the overlay (``topics:``, with what they share); any other is refused.

A collection is a literal segment the module's paths have records under
(``/bills/{bill_id}/comments/{comment_id}`` makes ``/bills/{}/comments`` one); a literal that
holds no records (``/invoices/{id}/sms``, ``.../customfields``) is not. Zoho glues words in a
segment (``readytopush``), so ``mark_ready_to_push`` fits the segment. Everywhere: no article
(``a``, ``an``, ``the``) is a word of a name, and ``customfields`` is written ``custom_fields``.

Where the shape misleads (a POST to ``{id}/customfields`` replaces values, it adds no record),
the overlay names the operation and says why (``why:``); a name that breaks the rule without a
reason is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .types import singular

UNCOUNTED = frozenset({"data", "metadata", "info", "history", "status", "substatus", "applied"})
"""Last words a group name keeps as they are (``invoices.metadata``, ``registers.bulk_history``)."""


@dataclass(frozen=True)
class Module:
    """What the rule knows of the module an operation is in."""

    known: frozenset[str] | None = None
    """Its collections (:func:`collections`); ``None`` where unknown (rule checks in isolation)."""
    split: Callable[[str], str] = str
    """Splits Zoho's glued words (``bankaccount`` -> ``bank_account``)."""
    nouns: tuple[str, ...] = ()
    """Its own nouns (``contacts``, ``contact``), which a group's name does not repeat."""
    topics: Mapping[str, str] = field(default_factory=dict)
    """Sub-resources the overlay declares for operations whose paths nest under no collection,
    each with the reason (``contacts.reports``: Zoho's reports on one contact)."""

    def own_words(self) -> set[str]:
        """The words of the module's nouns, singular and plural (``contact``, ``contacts``)."""
        words = [word for noun in self.nouns for word in noun.split("_")]
        return {*words, *map(singular, words)}


ARTICLES = frozenset({"a", "an", "the"})
CUSTOM_FIELD_HEADER = "X-Unique-Identifier-Key"
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _is_placeholder(segment: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(segment))


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


def plural(word: str) -> str:
    """``account`` -> ``accounts``, ``address`` -> ``addresses``, ``history`` kept."""
    if word in UNCOUNTED or singular(word) != word or word.endswith("ed"):
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def group_name(segment: str, module: Module) -> str:
    """A sub-resource's attribute: the segment's words, without a leading noun of the module
    (``contactpersons`` in contacts is ``persons``), the last made plural."""
    words = module.split(singular(segment)).split("_")
    if len(words) == 1:
        words = module.split(segment).split("_")
    own = module.own_words()
    while len(words) > 1 and words[0] in own:
        words = words[1:]
    return "_".join([*words[:-1], plural(words[-1])])


def sub_collection(path: str, known: frozenset[str] | None) -> tuple[str, list[str]] | None:
    """The collection under one of the module's records that ``path`` lies in, as
    ``(segment, the normalised segments after it)``; ``None`` where there is none. A plural
    segment is the collection its singular names (``/contacts/{}/cards`` lists what
    ``/contacts/{}/card/{card_id}`` holds)."""
    if known is None:
        return None
    segments = [s for s in path.split("/") if s]
    shape = [_PLACEHOLDER.sub("{}", s) for s in segments]
    for i in range(2, len(segments)):
        if shape[i - 1] == "{}" and shape[i] not in ("{}", "status"):
            prefix = "/" + "/".join(shape[:i]) + "/"
            if prefix + shape[i] in known or prefix + singular(shape[i]) in known:
                return segments[i], shape[i + 1 :]
    return None


def without_words(name: str, dropped: Iterable[str]) -> str:
    """``name`` without the words the group and the module already say; the verb stays."""
    drop = set(dropped)
    verb, *rest = name.split("_")
    kept = [word for word in rest if word not in drop]
    while kept and kept[-1] in ("to", "for", "of", "from", "in", "with"):
        kept.pop()
    return "_".join([verb, *kept])


def in_group(method: str, tail: list[str]) -> tuple[str, bool] | None:
    """The name inside a sub-resource for the shape after its collection segment."""
    if not tail:
        return {"GET": ("list", True), "POST": ("create", True)}.get(method)
    if tail == ["{}"]:
        return {"GET": ("get", True), "PUT": ("update", True), "DELETE": ("delete", True)}.get(method)
    return _record_tail(method, tail)


def _record_tail(method: str, tail: list[str]) -> tuple[str, bool] | None:
    """``{id}/status/<state>`` and ``{id}/active`` shapes, after a record's placeholder."""
    if method != "POST" or tail[0] != "{}":
        return None
    if len(tail) == 3 and tail[1] == "status" and tail[2] != "{}":
        return f"mark_{tail[2]}", True
    if len(tail) == 2 and tail[1] in ("active", "inactive"):
        return f"mark_{tail[1]}", True
    return None


def expected(
    method: str, path: str, headers: Iterable[str] = (), module: Module = Module()
) -> tuple[str, bool] | None:
    """What the rule asks of an operation's name: ``(name, exact)``, ``exact`` False where the
    rule fixes only the sub-resource (``<group>.``: the name starts with it). ``None`` where the
    rule does not cover the shape. Where a state is a glued segment the name given keeps it glued
    (``mark_readytopush``); :func:`problem` compares word-blind."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    holders = [i for i, s in enumerate(segments) if _is_placeholder(s)]
    last = segments[-1]
    found = sub_collection(path, module.known)
    if found is not None:
        segment, tail = found
        group = group_name(segment, module)
        inner = in_group(method, tail)
        return (f"{group}.{inner[0]}", True) if inner else (f"{group}.", False)
    if holders:
        shape = [_PLACEHOLDER.sub("{}", s) for s in segments[holders[0] :]]
        record = _record_tail(method, shape) if len(holders) == 1 else None
        if record is not None:
            return record
    elif method == "POST" and len(segments) >= 2:
        if segments[-2] == "status" and len(segments) >= 3:
            return f"mark_{last}_many", True
        if last in ("active", "inactive"):
            return f"mark_{last}_many", True
    if method == "PUT" and not holders and CUSTOM_FIELD_HEADER in headers:
        return "update_by_custom_field", True
    return None


def problem(
    name: str, method: str, path: str, headers: Iterable[str] = (), module: Module = Module()
) -> str | None:
    """Why ``name`` breaks the rule for this method and path, or ``None`` when it keeps it."""
    words = name.replace(".", "_").split("_")
    if ARTICLES & set(words):
        return "has an article"
    if "customfields" in words:
        return "writes customfields as one word"
    rule = expected(method, path, headers, module)
    if rule is None:
        if "." not in name or name.partition(".")[0] in module.topics:
            return None
        return "is in a sub-resource, but its path is under none (declare it under topics: with why)"
    want, exact = rule
    if not exact:
        return None if name.startswith(want) else f"should be in {want[:-1]}"
    if name == want or _fits(name, want):
        return None
    return f"should be {want} (words split as Zoho's glued segment reads)"


def conform(name: str, method: str, path: str, headers: Iterable[str] = (), module: Module = Module()) -> str:
    """A derived name made to keep the rule: tidied, then replaced by the rule's own name where
    the shape is covered and the derived one breaks it. In a sub-resource whose name the rule
    leaves open, the derived name loses the words the group and the module say."""
    name = tidy(name)
    rule = expected(method, path, headers, module)
    if rule is None:
        return name
    want, exact = rule
    if not exact:
        found = sub_collection(path, module.known)
        assert found is not None
        segment = found[0]
        group_words = group_name(segment, module).split("_")
        group_words += module.split(segment).split("_")
        dropped = {segment, singular(segment), *group_words, *map(singular, group_words)}
        return want + without_words(name, dropped | module.own_words())
    return want if problem(name, method, path, headers, module) else name
