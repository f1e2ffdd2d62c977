"""``OPERATIONS`` covers Zoho's documented Contacts API exactly, and every name leads to a function."""

from __future__ import annotations

import inspect
import typing
from collections.abc import AsyncIterator

import pytest

from tests.data import zoho_operations
from zbooks_async import OPERATIONS, ZohoBooks
from zbooks_async.operations import Operation
from zbooks_async.pagination import Paginator


def test_registry_matches_the_documented_operations_one_to_one() -> None:
    documented = {(op["method"], op["path"]): op["scope"] for op in zoho_operations()}
    registered = {(op.method, op.path): op.scope for op in OPERATIONS}
    assert len(documented) == 97
    assert registered == documented
    assert len(OPERATIONS) == 97


def test_operation_names_are_unique() -> None:
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names))


@pytest.fixture
async def books() -> AsyncIterator[ZohoBooks]:
    async with ZohoBooks(organization_id="1", access_token="t") as client:
        yield client


def _endpoint(books: ZohoBooks, operation: Operation) -> typing.Any:
    target: typing.Any = books
    for part in operation.name.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
async def test_every_name_resolves_to_an_endpoint_on_a_session(
    books: ZohoBooks, operation: Operation
) -> None:
    """A coroutine function, or for paged lists a function returning a ``Paginator`` (so that
    ``async for item in books.contacts.list()`` works without an extra ``await``)."""
    endpoint = _endpoint(books, operation)
    if inspect.iscoroutinefunction(endpoint):
        return
    returns = typing.get_type_hints(endpoint)["return"]
    assert typing.get_origin(returns) in (Paginator,) or (
        inspect.isclass(typing.get_origin(returns)) and issubclass(typing.get_origin(returns), Paginator)
    ), f"{operation.name} is neither a coroutine function nor returns a Paginator"
    assert operation.method == "GET"


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
async def test_every_endpoint_documents_its_oauth_scope(books: ZohoBooks, operation: Operation) -> None:
    doc = inspect.getdoc(_endpoint(books, operation)) or ""
    assert operation.scope.removeprefix("ZohoBooks.") in doc, (
        f"{operation.name}: scope missing from docstring"
    )
