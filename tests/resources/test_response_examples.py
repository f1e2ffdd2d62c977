"""Every response example Zoho documents for these operations reads into its model and back.

Source: Zoho's Contacts document (codegen/documents/contacts.yml), read through tests/data. Covered here: the
operations of books.contacts.persons, addresses, comments, documents, tags and tax_info.
Compared after normalising numbers to strings, since ids such as ``1053791000000186000`` come
back as strings.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import OPERATIONS, ActionResult, ZohoBooks
from zbooks_async.converter import structure, unstructure
from zbooks_async.models.addresses import ContactAddress
from zbooks_async.models.comments import ContactComment
from zbooks_async.models.common import PageContext
from zbooks_async.models.contacts import Address, ContactPerson
from zbooks_async.models.documents import ContactDocument
from zbooks_async.models.tax_info import ContactTaxInfo

from ..data import zoho_operations
from ..http_mock import BASE

SUB_RESOURCES = ("persons", "addresses", "comments", "documents", "tags", "tax_info")

# What each operation's answer carries besides code and message, as the SDK reads it.
CARRIES: dict[str, dict[str, Any]] = {
    "contacts.persons.create": {"contact_person": ContactPerson},
    "contacts.persons.update": {"contact_person": ContactPerson},
    "contacts.persons.get": {"contact_person": ContactPerson},
    "contacts.persons.get_for_contact": {"contact_person": ContactPerson},
    "contacts.persons.list": {"contact_persons": list[ContactPerson], "page_context": PageContext},
    "contacts.persons.list_all": {"contact_persons": list[ContactPerson], "page_context": PageContext},
    "contacts.persons.delete": {},
    "contacts.persons.mark_primary": {},
    "contacts.addresses.create": {"address_info": Address},
    "contacts.addresses.update": {"address_info": Address},
    "contacts.addresses.list": {"addresses": list[Address]},
    "contacts.addresses.list_all": {"addresses": list[ContactAddress], "page_context": PageContext},
    "contacts.addresses.delete": {},
    "contacts.addresses.mark_billing": {},
    "contacts.addresses.mark_shipping": {},
    "contacts.addresses.verify": {},
    "contacts.addresses.validate": {},
    "contacts.comments.create": {},
    "contacts.comments.list": {"contact_comments": list[ContactComment], "page_context": PageContext},
    "contacts.comments.delete": {},
    "contacts.documents.attach": {"documents": list[ContactDocument]},
    "contacts.documents.get": {},
    "contacts.documents.update": {},
    "contacts.documents.delete": {},
    "contacts.documents.restore": {},
    "contacts.tags.update": {},
    "contacts.tags.delete": {},
    "contacts.tax_info.create": {"tax_info": ContactTaxInfo},
    "contacts.tax_info.update": {"tax_info": ContactTaxInfo},
    "contacts.tax_info.list": {"tax_info_list": list[ContactTaxInfo]},
    "contacts.tax_info.delete": {},
}

MINE = {
    op.name: op for op in OPERATIONS if op.module == "contacts" and op.name.split(".")[1] in SUB_RESOURCES
}
EXAMPLES = {(entry["method"], entry["path"]): entry for entry in zoho_operations()}


def normalised(value: Any) -> Any:
    """JSON with every number written as a string (ids and zip codes become strings)."""
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal | float):
        number = Decimal(str(value))
        return str(int(number)) if number == number.to_integral_value() else str(number.normalize())
    raise TypeError(value)


def test_every_operation_of_these_sub_resources_is_registered_once() -> None:
    assert sorted(MINE) == sorted(CARRIES)
    assert len({(op.method, op.path) for op in MINE.values()}) == len(MINE) == 31
    for op in MINE.values():
        entry = EXAMPLES[(op.method, op.path)]
        assert op.scope == entry["scope"], op.name


@pytest.mark.parametrize("name", sorted(CARRIES))
def test_the_example_answer_reads_into_its_models_and_back(name: str) -> None:
    op = MINE[name]
    example = EXAMPLES[(op.method, op.path)]["response_example"]
    if example is None:
        pytest.skip("Zoho documents no answer for this operation")
    envelope = {key: value for key, value in example.items() if key in ("code", "message")}
    assert normalised(unstructure(structure(envelope, ActionResult))) == normalised(envelope)
    for key, value in example.items():
        if key in envelope:
            continue
        assert key in CARRIES[name], f"{name} answers with {key!r}, which the SDK does not read"
        model = CARRIES[name][key]
        assert normalised(unstructure(structure(value, model))) == normalised(value)


# Examples that carry objects, read through the endpoint function itself.
THROUGH_ENDPOINTS = [
    (
        "contacts.addresses.create",
        "address_info",
        lambda books: books.contacts.addresses.create("460000000026049", city="Pleasanton"),
    ),
    (
        "contacts.addresses.update",
        "address_info",
        lambda books: books.contacts.addresses.update(
            "460000000026049", "1053791000000186000", city="Pleasanton"
        ),
    ),
    ("contacts.addresses.list", "addresses", lambda books: books.contacts.addresses.list("460000000026049")),
    (
        "contacts.comments.list",
        "contact_comments",
        lambda books: books.contacts.comments.list("460000000026049").collect(),
    ),
]


@pytest.mark.parametrize(("name", "key", "call"), THROUGH_ENDPOINTS, ids=[t[0] for t in THROUGH_ENDPOINTS])
async def test_the_endpoint_returns_the_documented_object(
    books: ZohoBooks, http: aioresponses, name: str, key: str, call: Any
) -> None:
    op = MINE[name]
    example = EXAMPLES[(op.method, op.path)]["response_example"]
    http.add(re.compile(re.escape(BASE) + r"/contacts/.*"), op.method, payload=example)
    result = await call(books)
    assert normalised(unstructure(result)) == normalised(example[key])
