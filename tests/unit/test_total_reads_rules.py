"""The defects of issue 20 that are rules rather than one real answer: custom field values of any
kind in every module, a one-item-list ``page_context``, a write whose answer has a surprising value."""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal
from typing import Any

import attrs
import pytest

import zbooks_async._generated.models as generated_models
from tests.json_kinds import differences
from zbooks_async import ZohoBooks, jsoncodec
from zbooks_async.converter import structure, unstructure
from zbooks_async.models.base import Model
from zbooks_async.pipeline.values import Request, Response

VALUES = ["00123", "1,234", Decimal("12.5"), 7, True, False, "2024-02-29", ["a", "b"], {"k": 1}, ""]


def custom_field_models() -> list[type[Model]]:
    found = []
    for info in pkgutil.iter_modules(generated_models.__path__):
        module = importlib.import_module(f"{generated_models.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Model)
                and value.__name__.endswith("CustomField")
                and "value" in attrs.fields_dict(value)
            ):
                found.append(value)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


def test_a_custom_field_value_of_any_kind_reads_and_goes_back_unchanged_in_every_module() -> None:
    models = custom_field_models()
    assert len(models) >= 28  # the 26 typed text and the credit notes' and customer payments' money
    broken = []
    for cls in models:
        for value in VALUES:
            data = {"customfield_id": "1", "label": "Ref", "value": value}
            read = structure(data, cls, strict=True)
            if read.value != value or differences(unstructure(read), data):  # type: ignore[attr-defined]
                broken.append(f"{cls.__module__}.{cls.__name__} {value!r}")
    assert not broken, broken


class Canned:
    """A transport answering every request with one body."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.body = jsoncodec.dumps(answer)

    async def send(self, request: Request, *, timeout: float | None) -> Response:
        return Response(200, {"Content-Type": "application/json"}, self.body)

    async def close(self) -> None:
        return None


def session(answer: dict[str, Any]) -> ZohoBooks:
    return ZohoBooks(organization_id="1", access_token="t", transport=Canned(answer), rate_limit=None)


async def test_a_page_context_sent_as_a_one_item_list_is_read_as_the_object() -> None:
    answer = {
        "code": 0,
        "message": "success",
        "expenses": [{"expense_id": "1", "total": 10}],
        "page_context": [{"page": 1, "per_page": 200, "has_more_page": False}],
    }
    async with session(answer) as books:
        page = await books.expenses.list().page(1)
    assert page.page_context.has_more_page is False and page.page_context.per_page == 200
    assert [expense.expense_id for expense in page.items] == ["1"]


async def test_a_create_whose_answer_has_a_number_custom_field_gives_the_record() -> None:
    invoice = {
        "invoice_id": "9",
        "customer_id": "1",
        "custom_fields": [{"customfield_id": "5", "label": "Weight", "value": Decimal("12.5")}],
        "documents": [],
        "salesorders": [],
    }
    async with session({"code": 0, "message": "The invoice has been created.", "invoice": invoice}) as books:
        made = await books.invoices.create(customer_id="1", line_items=[{"item_id": "2", "quantity": 1}])
    assert made.invoice_id == "9" and made.custom_fields is not None
    assert made.custom_fields[0].value == Decimal("12.5")


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [("Organization", "fiscal_year_start_month", "april"), ("Organization", "user_status", 2)],
)
def test_organization_fields_keep_their_real_kind(model: str, field: str, value: Any) -> None:
    from zbooks_async._generated.models import organizations

    cls = getattr(organizations, model)
    data = {"organization_id": "1", field: value}
    assert unstructure(structure(data, cls, strict=True)) == data
