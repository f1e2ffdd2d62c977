"""What the sandbox knows about every module, derived once from ``OPERATIONS``.

Paths say where state lives. With ids blanked (``/invoices/{}/comments/{}``), a path ``P`` that
also appears as ``P/{}`` is a *collection*; one that Zoho lets you ``POST`` to creates records
(``/invoices``, ``/invoices/{}/comments``). Each path id whose prefix is such a collection names
a stored record that must exist (its *owner*), so ``/invoices/{}/status/sent`` needs the invoice.
Each operation then gets one *kind*: create, list, read, update or delete on its collection,
an action, or a documented example answer. The example answers come from the generator
(``_generated/answers``): the sandbox never imports codegen/.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ..operations import Operation
from ..registry import all_operations

_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def blank_ids(path: str) -> str:
    """A path template with its placeholders blanked: ``/invoices/{invoice_id}`` -> ``/invoices/{}``."""
    return _PLACEHOLDER.sub("{}", path)


def singular(word: str) -> str:
    """A crude singular of a Zoho answer key: ``invoices`` -> ``invoice``, ``taxes`` -> ``tax``."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "sses", "ches")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.cache
def documented_answers(module: str) -> Mapping[str, str]:
    """Operation name -> its documented answer as JSON text (generated; empty for contacts)."""
    try:
        generated = importlib.import_module(f"{__package__.rsplit('.', 1)[0]}._generated.answers.{module}")
    except ModuleNotFoundError:
        return {}
    answers: Mapping[str, str] = generated.ANSWERS
    return answers


def documented_answer(operation: Operation) -> dict[str, Any]:
    """A fresh copy of the documented answer of ``operation`` (``{code: 0, message}`` at least)."""
    text = documented_answers(operation.module).get(operation.name)
    answer = json.loads(text) if text else {}
    if not isinstance(answer, dict):
        answer = {}
    answer["code"] = 0
    answer.setdefault("message", "success")
    return answer


def documented_message(operation: Operation) -> str:
    """The success message the documents give for ``operation`` (``"success"`` if none)."""
    message = documented_answer(operation).get("message")
    return message if isinstance(message, str) and message else "success"


@attrs.frozen
class Collection:
    """A kind of stored record: where it lives, its answer key and its id field."""

    path: str
    module: str
    key: str
    id_field: str
    template: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    """The documented example record: which read-only fields (status, balance...) records carry."""

    @property
    def depth(self) -> int:
        """How many parent ids key this collection (``/invoices/{}/comments`` -> 1)."""
        return self.path.count("{}")

    @property
    def label(self) -> str:
        """A readable name for messages: ``/invoices`` -> ``Invoice``."""
        last = self.path.rstrip("/").rsplit("/", 1)[-1]
        return singular(last).replace("_", " ").capitalize()


@attrs.frozen
class GenericRoute:
    """How the sandbox answers one operation."""

    operation: Operation
    path: str
    kind: str  # create, list, read, update, delete, rows, action, example
    collection: Collection | None
    owners: tuple[tuple[Collection, int], ...]
    """(collection, index of the path id) for every path id that names a stored record."""
    sets_status: str | None = None
    """The status an action leaves its record in (``POST /invoices/{id}/status/void`` -> void)."""
    sends: bool = False
    """Whether the action emails its record, which marks a draft as sent, as in Zoho."""


def _record_of(answer: Mapping[str, Any], key: str | None) -> dict[str, Any] | None:
    value = answer.get(key) if key else None
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]
    return value if isinstance(value, dict) else None


def _collection(path: str, operations: list[Operation], item_params: list[str]) -> Collection:
    """Name a collection's records after its create answer (else its read, else its list)."""
    by_rank = sorted(
        (op for op in operations if op.key and op.shape != "action"),
        key=lambda op: (op.method != "POST", blank_ids(op.path) != path, op.method != "GET", op.name),
    )
    module = operations[0].module
    key = singular(by_rank[0].key) if by_rank and by_rank[0].key else singular(path.rsplit("/", 1)[-1])
    template: dict[str, Any] = {}
    for op in by_rank:
        found = _record_of(documented_answer(op), op.key)
        if found:
            template = found
            break
    candidates = [f"{key}_id", *item_params, *(f"{singular(op.key)}_id" for op in by_rank if op.key)]
    id_field = next((name for name in candidates if name in template), f"{key}_id")
    return Collection(path, module, key, id_field, template)


@functools.cache
def routes() -> dict[str, dict[str, GenericRoute]]:
    """Blanked path -> method -> route, for every operation of every module."""
    operations = list(all_operations())
    by_path: dict[str, list[Operation]] = {}
    for op in operations:
        by_path.setdefault(blank_ids(op.path), []).append(op)
    collections: dict[str, Collection] = {}
    for path in sorted(by_path):
        base = path.removesuffix("/{}")
        if path == base or not base or base.endswith("}"):
            continue
        if not any(op.method == "POST" for op in by_path.get(base, ())):
            continue  # nothing creates these records: their reads answer documented examples
        related = [*by_path.get(base, ()), *by_path[path]]
        item_params = [op.path_params[-1] for op in by_path[path]]
        collections[base] = _collection(base, related, item_params)
    table: dict[str, dict[str, GenericRoute]] = {}
    for path, ops in by_path.items():
        parts = path.split("/")
        owners = tuple(
            (collections[prefix], index)
            for index, prefix in enumerate(
                "/".join(parts[:position]) for position, part in enumerate(parts) if part == "{}"
            )
            if prefix in collections
        )
        listed = f"{path}/{{}}" in by_path
        for op in ops:
            table.setdefault(path, {})[op.method] = _route(op, path, owners, collections, listed)
    return table


STATUS_ACTIONS: dict[tuple[str, str], str] = {
    ("POST", "/bankaccounts/{account_id}/active"): "active",
    ("POST", "/bankaccounts/{account_id}/inactive"): "inactive",
    ("POST", "/bills/{bill_id}/status/open"): "open",
    ("POST", "/bills/{bill_id}/status/void"): "void",
    ("POST", "/chartofaccounts/{account_id}/active"): "active",
    ("POST", "/chartofaccounts/{account_id}/inactive"): "inactive",
    ("POST", "/creditnotes/{creditnote_id}/status/draft"): "draft",
    ("POST", "/creditnotes/{creditnote_id}/status/open"): "open",
    ("POST", "/creditnotes/{creditnote_id}/status/void"): "void",
    ("POST", "/deliverychallans/{deliverychallan_id}/status/delivered"): "delivered",
    ("POST", "/deliverychallans/{deliverychallan_id}/status/open"): "open",
    ("POST", "/deliverychallans/{deliverychallan_id}/status/returned"): "returned",
    ("POST", "/deliverychallans/{deliverychallan_id}/status/undelivered"): "undelivered",
    ("POST", "/estimates/{estimate_id}/status/accepted"): "accepted",
    ("POST", "/estimates/{estimate_id}/status/declined"): "declined",
    ("POST", "/estimates/{estimate_id}/status/sent"): "sent",
    ("POST", "/fixedassets/{fixed_asset_id}/status/active"): "active",
    ("POST", "/fixedassets/{fixed_asset_id}/status/cancel"): "cancelled",
    ("POST", "/fixedassets/{fixed_asset_id}/status/draft"): "draft",
    ("POST", "/invoices/{invoice_id}/status/draft"): "draft",
    ("POST", "/invoices/{invoice_id}/status/sent"): "sent",
    ("POST", "/invoices/{invoice_id}/status/void"): "void",
    ("POST", "/items/{item_id}/active"): "active",
    ("POST", "/items/{item_id}/inactive"): "inactive",
    ("POST", "/locations/{location_id}/active"): "active",
    ("POST", "/locations/{location_id}/inactive"): "inactive",
    ("POST", "/organizations/{organization_id}/inactive"): "inactive",
    ("POST", "/pricebooks/{pricebook_id}/active"): "active",
    ("POST", "/pricebooks/{pricebook_id}/inactive"): "inactive",
    ("POST", "/projects/{project_id}/active"): "active",
    ("POST", "/projects/{project_id}/inactive"): "inactive",
    ("POST", "/purchaseorders/{purchaseorder_id}/status/billed"): "billed",
    ("POST", "/purchaseorders/{purchaseorder_id}/status/cancelled"): "cancelled",
    ("POST", "/purchaseorders/{purchaseorder_id}/status/open"): "open",
    ("POST", "/retainerinvoices/{retainerinvoice_id}/status/draft"): "draft",
    ("POST", "/retainerinvoices/{retainerinvoice_id}/status/sent"): "sent",
    ("POST", "/retainerinvoices/{retainerinvoice_id}/status/void"): "void",
    ("POST", "/salesorders/{salesorder_id}/status/open"): "open",
    ("POST", "/salesorders/{salesorder_id}/status/void"): "void",
    ("POST", "/tasks/{task_id}/markascompleted"): "completed",
    ("POST", "/tasks/{task_id}/markasongoing"): "ongoing",
    ("POST", "/tasks/{task_id}/markasopen"): "open",
    ("POST", "/users/{user_id}/active"): "active",
    ("POST", "/users/{user_id}/inactive"): "inactive",
    ("POST", "/vendorcredits/{vendor_credit_id}/status/open"): "open",
    ("POST", "/vendorcredits/{vendor_credit_id}/status/void"): "void",
}
"""(method, path template) of an action -> the status it leaves its record in (nothing else)."""


def _route(
    op: Operation,
    path: str,
    owners: tuple[tuple[Collection, int], ...],
    collections: Mapping[str, Collection],
    listed: bool,
) -> GenericRoute:
    base = path.removesuffix("/{}")
    collection = None
    if path in collections and op.method in ("GET", "POST"):
        kind, collection = ("list" if op.method == "GET" else "create"), collections[path]
    elif base != path and base in collections:
        kind = {"GET": "read", "PUT": "update", "DELETE": "delete"}.get(op.method, "action")
        collection = collections[base]
    elif listed and op.method == "GET" and op.shape in ("list", "page") and op.key:
        kind = "rows"  # records nobody creates here directly (an invoice's payments): rows others stored
    else:
        kind = "action" if op.shape == "action" else "example"
    status = STATUS_ACTIONS.get((op.method, op.path))
    sends = op.method == "POST" and op.path.endswith("/email")
    return GenericRoute(op, path, kind, collection, owners, sets_status=status, sends=sends)


def collection_of(module_path: str) -> Collection:
    """The collection at a blanked path (``"/invoices"``); KeyError if nothing creates records there."""
    for methods in routes().values():
        for route in methods.values():
            if route.collection is not None and route.collection.path == module_path:
                return route.collection
    raise KeyError(module_path)
