"""to_dict / to_json / from_dict / from_json and the compact model repr."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

import zbooks_async
from tests.data import zoho_operations
from zbooks_async import from_dict, from_json, to_dict, to_json
from zbooks_async.converter import structure
from zbooks_async.models import ActionResult, Address, Contact, ContactPerson, Model

IST = timezone(timedelta(hours=5, minutes=30))


def documented_contact() -> dict[str, Any]:
    for operation in zoho_operations():
        if (operation["method"], operation["path"]) == ("GET", "/contacts/{contact_id}"):
            example: dict[str, Any] = operation["response_example"]["contact"]
            return example
    raise AssertionError("the documents' get-contact example is missing")


def a_contact() -> Contact:
    return Contact(
        contact_id="460000000026049",
        contact_name="Bowman and Co",
        contact_type="customer",
        status="active",
        credit_limit=Decimal("12345678901234567890.10"),
        created_time=datetime(2024, 3, 1, 9, 30, tzinfo=IST),
        billing_address=Address(city="Pleasanton", zip="94588"),
        extra={"future_field": {"nested": [1, Decimal("0.10")]}},
    )


def test_to_dict_gives_zohos_shape_without_none_fields() -> None:
    data = to_dict(a_contact())
    assert data["contact_id"] == "460000000026049"
    assert data["created_time"] == "2024-03-01T09:30:00+0530"
    assert data["billing_address"] == {"city": "Pleasanton", "zip": "94588"}
    assert "email" not in data and "notes" not in data


def test_to_dict_keeps_money_exact_as_decimal() -> None:
    assert to_dict(a_contact())["credit_limit"] == Decimal("12345678901234567890.10")


def test_to_dict_puts_extra_fields_back_at_top_level() -> None:
    assert to_dict(a_contact())["future_field"] == {"nested": [1, Decimal("0.10")]}


def test_to_json_writes_money_as_a_number_with_every_digit() -> None:
    text = to_json(a_contact())
    assert '"credit_limit":12345678901234567890.10' in text
    parsed = json.loads(text, parse_float=Decimal)
    assert parsed["credit_limit"] == Decimal("12345678901234567890.10")
    assert parsed["future_field"] == {"nested": [1, Decimal("0.10")]}


def test_to_json_round_trips_through_from_json() -> None:
    contact = a_contact()
    assert from_json(Contact, to_json(contact)) == contact


def test_the_documented_contact_round_trips_through_json() -> None:
    contact = structure(documented_contact(), Contact)
    assert from_json(Contact, to_json(contact)) == contact
    assert from_dict(Contact, to_dict(contact)) == contact


def test_to_json_takes_a_list_of_models() -> None:
    people = [ContactPerson(contact_person_id="1", first_name="Will"), ContactPerson(contact_person_id="2")]
    assert json.loads(to_json(people)) == [
        {"contact_person_id": "1", "first_name": "Will"},
        {"contact_person_id": "2"},
    ]


def test_to_json_refuses_a_non_finite_amount() -> None:
    contact = attrs.evolve(a_contact(), credit_limit=Decimal("NaN"))
    with pytest.raises(ValueError, match="not a JSON number"):
        to_json(contact)


def test_to_dict_refuses_what_is_not_a_model() -> None:
    with pytest.raises(TypeError, match="takes a model"):
        to_dict({"contact_id": "1"})  # type: ignore[arg-type]


def test_serialization_is_exported_at_top_level() -> None:
    assert {"to_dict", "to_json", "from_dict", "from_json"} <= set(zbooks_async.__all__)


def test_repr_shows_set_fields_only() -> None:
    person = ContactPerson(contact_person_id="7", first_name="Will")
    assert repr(person) == "ContactPerson(contact_person_id='7', first_name='Will')"


def test_repr_shows_extra_when_it_holds_anything() -> None:
    assert repr(Address(city="Pune", extra={"geo": "x"})) == "Address(city='Pune', extra={'geo': 'x'})"


def test_repr_leaves_out_fields_at_their_default() -> None:
    assert repr(ActionResult()) == "ActionResult()"
    assert repr(ActionResult(code=0, message="done")) == "ActionResult(message='done')"


def test_repr_of_the_documented_contact_is_compact() -> None:
    contact = structure(documented_contact(), Contact)
    text = repr(contact)
    assert "=None" not in text
    assert text.startswith("Contact(contact_id='460000000026049', contact_name=")


def test_every_model_class_gets_the_compact_repr() -> None:
    @attrs.define(kw_only=True)
    class Invoice(Model):  # a model defined elsewhere, e.g. a generated module
        invoice_id: str | None = None
        total: Decimal | None = None

    assert repr(Invoice(total=Decimal("5"))) == "Invoice(total=Decimal('5'))"


def test_to_json_escapes_text_as_json_dumps_does_and_keeps_unicode() -> None:
    name = 'Müller "Florists"\n\u2028Ltd \\ 東京'
    contact = attrs.evolve(a_contact(), contact_name=name, extra={})
    text = to_json(contact)
    assert json.dumps(name, ensure_ascii=False) in text
    assert json.loads(text)["contact_name"] == name


def test_a_model_that_writes_its_own_repr_keeps_it() -> None:
    @attrs.define(kw_only=True)
    class Secretive(Model):
        token: str | None = None

        def __repr__(self) -> str:
            return "Secretive(<hidden>)"

    assert repr(Secretive(token="t")) == "Secretive(<hidden>)"
