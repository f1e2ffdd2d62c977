"""``OPERATIONS`` covers Zoho's 42 documents exactly, and every name leads to a function."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import AsyncIterator

import pytest
import yaml

from codegen.documents import DOCUMENTS
from tests.data import zoho_operations
from zbooks_async import OPERATIONS, ZohoBooks
from zbooks_async.operations import Operation
from zbooks_async.pagination import Paginator


def _blank(path: str) -> str:
    return re.sub(r"\{[^}]+\}|\(\\d\+\)", "{}", path)


def _documented() -> dict[tuple[str, str], str]:
    """(method, path with blank placeholders) -> scope, read straight from the 42 documents."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(DOCUMENTS.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for route, item in document["paths"].items():
            for method, operation in item.items():
                if method in ("get", "post", "put", "delete"):
                    scope = operation["security"][0]["Zoho_Auth"][0]
                    found.setdefault((method.upper(), _blank(route)), scope)
    return found


def test_operations_match_the_42_documents_one_to_one() -> None:
    documented = _documented()
    registered = {(op.method, _blank(op.path)): op.scope for op in OPERATIONS}
    assert len(documented) == 838
    assert len(OPERATIONS) == 838
    assert registered == documented


def test_contacts_keep_the_names_and_paths_they_had() -> None:
    documented = {(op["method"], op["path"]): op["scope"] for op in zoho_operations()}
    contacts = {(op.method, op.path): op.scope for op in OPERATIONS if op.module == "contacts"}
    assert contacts == documented
    assert len(contacts) == 97


def test_operation_names_are_unique_and_name_their_module() -> None:
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names))
    assert all(op.name.startswith(op.module + ".") for op in OPERATIONS)
    assert len({op.module for op in OPERATIONS}) == 40  # 42 documents; two repeat others' endpoints


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with ZohoBooks(organization_id="1", access_token="t") as client:
        yield client


def _endpoint(books: ZohoBooks, operation: Operation) -> typing.Any:
    target: typing.Any = books
    for part in operation.name.split("."):
        target = getattr(target, part)
    return target


async def test_every_name_resolves_to_an_endpoint_on_a_session(books: ZohoBooks) -> None:
    """A coroutine function, or for paged lists a function returning a ``Paginator`` (so that
    ``async for item in books.invoices.list()`` works without an extra ``await``)."""
    broken = []
    for operation in OPERATIONS:
        try:
            endpoint = _endpoint(books, operation)
        except AttributeError as error:
            broken.append(f"{operation.name}: {error}")
            continue
        if inspect.iscoroutinefunction(endpoint):
            if operation.shape == "page" and operation.module != "contacts":
                broken.append(f"{operation.name}: a paged list must return a Paginator, not a coroutine")
            continue
        paginator = endpoint(*["1"] * len(operation.path_params))  # nothing is sent until iterated
        if not isinstance(paginator, Paginator) or operation.method != "GET":
            broken.append(f"{operation.name} returns {paginator!r}")
    assert not broken, f"{len(broken)} of {len(OPERATIONS)} operations: " + "; ".join(broken)


async def test_every_endpoint_documents_its_oauth_scope(books: ZohoBooks) -> None:
    missing = []
    for operation in OPERATIONS:
        doc = inspect.getdoc(_endpoint(books, operation)) or ""
        if operation.scope.removeprefix("ZohoBooks.") not in doc:
            missing.append(operation.name)
    assert not missing, f"scope missing from the docstring of {len(missing)} operations: {missing}"


def test_the_contact_posts_safe_to_resend_are_the_reviewed_ones() -> None:
    """Whether a POST may be sent again after a lost answer is data (codegen/overlay.yml), not a
    flag at each call site: these set a state, so sending one twice does what sending it once does."""
    contact_posts = [op for op in OPERATIONS if op.module == "contacts" and op.method == "POST"]
    resendable = {op.name for op in contact_posts if op.idempotent}
    assert resendable == {
        "contacts.addresses.mark_billing",
        "contacts.addresses.mark_shipping",
        "contacts.addresses.verify",
        "contacts.bank_accounts.approve",
        "contacts.bank_accounts.decline",
        "contacts.mark_active",
        "contacts.mark_inactive",
        "contacts.owners.assign",
        "contacts.owners.assign_many",
        "contacts.payment_reminders.disable",
        "contacts.payment_reminders.enable",
        "contacts.persons.mark_primary",
        "contacts.portal.disable",
        "contacts.sms.disable_for_person",
        "contacts.sms.enable_for_person",
        "contacts.tracking_1099.track",
        "contacts.tracking_1099.track_many",
        "contacts.tracking_1099.untrack",
        "contacts.update_trn_status",
    }


def test_every_contact_answer_key_is_data() -> None:
    """Hand-written contact functions read ``answer[operation.key]``: the key comes from the
    documents or the overlay (where a document shows only ``{code, message}``), never a literal."""
    for op in OPERATIONS:
        if op.module == "contacts" and op.shape in ("object", "list", "page"):
            assert op.key, op.name
    assert {op.name: op.key for op in OPERATIONS}["contacts.statements.get"] == "statement"


def test_the_contact_list_literals_are_the_documents_allowed_values() -> None:
    """books.contacts.list's hand-written Literals, and the sandbox, agree with the data."""
    from zbooks_async.resources.contacts import FilterBy, SortColumn
    from zbooks_async.sandbox.contact_listing import SORT_COLUMNS

    listing = {op.name: op for op in OPERATIONS}["contacts.list"]
    assert typing.get_args(SortColumn) == tuple(listing.inputs["sort_column"][2][1]) == SORT_COLUMNS
    assert typing.get_args(FilterBy) == tuple(listing.inputs["filter_by"][2][1])


async def test_eighty_seven_contact_functions_are_generated_and_inherited(books: ZohoBooks) -> None:
    """The contact calls the overlay marks ``generate: true`` (path-only ones, and those whose
    keywords a hand-written TypedDict types) come from the generator; the hand-written classes
    inherit them unchanged."""
    where = {op.name: getattr(inspect.getmodule(_endpoint(books, op)), "__name__", "") for op in OPERATIONS}
    generated = [name for name, module in where.items() if module == "zbooks_async._generated.api.contacts"]
    assert len(generated) == 87
    assert {
        "contacts.mark_active",
        "contacts.portal.invite",
        "contacts.tracking_1099.untrack",
        "contacts.tax_info.create",
        "contacts.addresses.update",
        "contacts.bank_accounts.create",
        "contacts.bank_accounts.verify",
        "contacts.cards.create",
        "contacts.cards.update",
        "contacts.comments.create",
        "contacts.addresses.validate",
        "contacts.delete_many",
        "contacts.merge",
        "contacts.owners.assign_many",
        "contacts.tracking_1099.track_many",
        "contacts.sms.send_many",
        "contacts.sms.get_content_many",
        "contacts.documents.restore",
        "contacts.documents.get",
    } <= set(generated)
