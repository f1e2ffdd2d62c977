"""Every response example Zoho documents for the bank account, card, SMS, portal, reminder,
owner, 1099 and contact-action operations reads into its model and writes back the same."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from tests.data import zoho_operations
from zbooks_async import OPERATIONS, ZohoBooks
from zbooks_async.converter import structure, unstructure
from zbooks_async.models.bank_accounts import BankAccountResult
from zbooks_async.models.base import ActionResult
from zbooks_async.models.cards import AutoBilledRecurringInvoice, CardResult
from zbooks_async.models.contacts import Contact
from zbooks_async.operations import Operation

SUB_RESOURCES = ("bank_accounts", "cards", "sms", "portal", "payment_reminders", "owners", "tracking_1099")
CONTACT_ACTIONS = (
    "merge",
    "get_by_reference",
    "verify_einvoice",
    "update_trn_status",
    "update_by_custom_field",
)
MINE = sorted(
    (
        op
        for op in OPERATIONS
        if op.module == "contacts"
        and (op.name.split(".")[1] in SUB_RESOURCES or op.name.removeprefix("contacts.") in CONTACT_ACTIONS)
    ),
    key=lambda operation: operation.name,
)

# What each operation's answer reads into: (key in the answer or None for the whole answer, type).
# Operations not named here answer only Zoho's {code, message} in the documentation.
ANSWER_MODELS: dict[str, tuple[str | None, Any]] = {
    "contacts.bank_accounts.create": (None, BankAccountResult),
    "contacts.bank_accounts.update": (None, BankAccountResult),
    "contacts.cards.create": (None, CardResult),
    "contacts.cards.update": (None, CardResult),
    "contacts.cards.recurring_invoices": ("recurring_invoices", list[AutoBilledRecurringInvoice]),
    "contacts.update_by_custom_field": ("contact", Contact),
}


DOCUMENTED = {(entry["method"], entry["path"]): entry for entry in zoho_operations()}


def as_zoho_answers(value: Any, key: str = "") -> Any:
    """Zoho's examples write ids (and zip codes) as numbers; its answers, and the SDK, as strings."""
    if isinstance(value, dict):
        return {k: as_zoho_answers(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [as_zoho_answers(item, key) for item in value]
    if (key.endswith("_id") or key == "zip") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def test_every_operation_of_these_resources_is_documented() -> None:
    assert len(MINE) == 38
    for operation in MINE:
        entry = DOCUMENTED[(operation.method, operation.path)]
        assert entry["scope"] == operation.scope, operation.name


@pytest.mark.parametrize("operation", MINE, ids=lambda operation: operation.name)
def test_response_example_reads_into_its_model_and_back(operation: Operation) -> None:
    answer = DOCUMENTED[(operation.method, operation.path)]["response_example"]
    key, model = ANSWER_MODELS.get(operation.name, (None, ActionResult))
    data = answer if key is None else answer[key]

    read = structure(data, model)

    assert unstructure(read) == data  # ids the examples write as numbers go back as numbers


def test_the_upsert_example_keeps_every_contact_field_typed() -> None:
    answer = DOCUMENTED[("PUT", "/contacts")]["response_example"]

    contact = structure(answer["contact"], Contact)

    # Nothing unknown: extra holds only the numbers of ids (read as text) to write them back as sent.
    assert set(contact.extra) <= {a.name for a in attrs.fields(Contact)}
    assert contact.contact_id == "460000000026049"
    assert str(contact.unused_credits_receivable_amount) == "1369.66"
    assert contact.created_time is not None and contact.created_time.utcoffset() is not None


def test_recurring_invoice_example_has_string_ids() -> None:
    answer = DOCUMENTED[("GET", "/contacts/{contact_id}/card/{card_id}/recurringinvoices")]
    invoices = structure(answer["response_example"]["recurring_invoices"], list[AutoBilledRecurringInvoice])
    assert invoices[0].recurring_invoice_id == "460000000041029"
    assert invoices[0].recurrence_name == "Monthly subscription"


async def test_every_operation_name_is_its_attribute_path_on_the_session() -> None:
    async with ZohoBooks(organization_id="1", access_token="t", rate_limit=None) as books:
        for operation in MINE:
            target: Any = books
            for part in operation.name.split("."):
                target = getattr(target, part)
            assert callable(target), operation.name
            assert operation in OPERATIONS
