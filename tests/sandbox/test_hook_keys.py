"""The sandbox keys behaviour by an operation's method and path template, never by SDK names."""

from __future__ import annotations

import attrs

from zbooks_async import OPERATIONS
from zbooks_async.sandbox import generic_table
from zbooks_async.sandbox.bookkeeping import HOOKS
from zbooks_async.sandbox.generic_table import STATUS_ACTIONS, blank_ids, routes

DOCUMENTED = {(operation.method, operation.path) for operation in OPERATIONS}


def test_every_hook_names_a_documented_method_and_path() -> None:
    unknown = sorted(key for key in HOOKS if key not in DOCUMENTED)
    assert unknown == []


def test_every_status_action_names_a_documented_method_and_path() -> None:
    unknown = sorted(key for key in STATUS_ACTIONS if key not in DOCUMENTED)
    assert unknown == []


def test_every_status_action_reaches_its_route() -> None:
    broken = []
    for (method, path), status in STATUS_ACTIONS.items():
        route = routes().get(blank_ids(path), {}).get(method)
        if route is None or route.sets_status != status:
            broken.append((method, path))
    assert broken == []


def test_a_renamed_sdk_function_keeps_its_status_action() -> None:
    operation = next(op for op in OPERATIONS if op.path == "/invoices/{invoice_id}/status/void")
    renamed = attrs.evolve(operation, name="invoices.some_other_name")
    route = generic_table._route(renamed, blank_ids(renamed.path), (), {}, listed=False)
    assert route.sets_status == "void"


def test_emailing_a_record_is_what_sends_it() -> None:
    sending = sorted(
        route.operation.path for methods in routes().values() for route in methods.values() if route.sends
    )
    assert "/invoices/{invoice_id}/email" in sending
    assert all(path.endswith("/email") for path in sending)
