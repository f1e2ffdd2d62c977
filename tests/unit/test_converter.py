"""The converter: exact money, string ids, aware timestamps, unknown fields kept."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from tests.data import zoho_operations
from zbooks_async import jsoncodec
from zbooks_async.converter import format_timestamp, parse_timestamp, structure, unstructure
from zbooks_async.errors import MalformedResponseError
from zbooks_async.models.common import PageContext
from zbooks_async.models.contacts import Address, Contact

# What every contact answer carries: the model requires these four (docs/models.md).
REQUIRED = {"contact_id": "1", "contact_name": "Bowman", "contact_type": "customer", "status": "active"}

CORE_MODELS = {
    ("POST", "/contacts"): ("contact", Contact),
    ("GET", "/contacts/{contact_id}"): ("contact", Contact),
    ("PUT", "/contacts/{contact_id}"): ("contact", Contact),
    ("GET", "/contacts"): ("contacts", list[Contact]),
}


def normalised(value: Any) -> Any:
    """The JSON as the SDK writes it back: integers in id/str positions become strings."""
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def load_examples() -> list[tuple[str, Any, Any]]:
    cases = []
    for operation in zoho_operations():
        key_model = CORE_MODELS.get((operation["method"], operation["path"]))
        if key_model and operation["response_example"]:
            example = operation["response_example"][key_model[0]]
            if isinstance(example, list):  # the documents pad the list example with {} rows
                example = [row for row in example if row]
            cases.append((operation["title"], example, key_model[1]))
    assert len(cases) == len(CORE_MODELS)
    return cases


@pytest.mark.parametrize(
    ("title", "data", "model"), load_examples(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_response_examples_round_trip(title: str, data: Any, model: Any) -> None:
    structured = structure(data, model)
    assert normalised(unstructure(structured)) == normalised(data)


def test_money_stays_exact_and_ids_become_strings() -> None:
    contact = structure(
        jsoncodec.loads(
            b'{"contact_id": 4600000000260491234, "contact_name": "Bowman", "contact_type": "customer",'
            b' "status": "active", "unused_credits_receivable_amount": 1369.66}'
        ),
        Contact,
    )
    assert contact.contact_id == "4600000000260491234"
    assert contact.unused_credits_receivable_amount == Decimal("1369.66")


def test_timestamps_are_aware_and_written_back_the_zoho_way() -> None:
    parsed = parse_timestamp("2016-06-11T17:38:06-0700")
    assert parsed.utcoffset() == timedelta(hours=-7)
    assert format_timestamp(parsed) == "2016-06-11T17:38:06-0700"
    assert parse_timestamp("2016-06-11T17:38:06+05:30").tzinfo is not None


def test_naive_timestamps_are_kept_as_text_and_refused_in_strict_mode() -> None:
    data = {**REQUIRED, "created_time": "2016-06-11T17:38:06"}
    contact = structure(data, Contact)
    assert contact.created_time is None and unstructure(contact) == data
    with pytest.raises(MalformedResponseError, match="created_time"):
        structure(data, Contact, strict=True)


def test_unknown_fields_are_kept_and_sent_back() -> None:
    data = {
        **REQUIRED,
        "brand_new_field": {"nested": [1, 2]},
        "billing_address": {"zip": 94588, "geo": "x"},
    }
    contact = structure(data, Contact)
    assert contact.extra == {"brand_new_field": {"nested": [1, 2]}}
    # A zip code is text or a number (the documents' own example sends 94588): kept as it came.
    assert contact.billing_address == Address(zip=94588, extra={"geo": "x"})
    assert unstructure(contact) == data


def test_wrong_types_are_kept_and_named_in_strict_mode() -> None:
    data = {**REQUIRED, "has_transaction": "perhaps", "contact_persons": "nobody"}
    assert unstructure(structure(data, Contact)) == data
    with pytest.raises(MalformedResponseError, match=r"has_transaction.*contact_persons"):
        structure(data, Contact, strict=True)


def test_empty_strings_in_number_and_date_fields_mean_unset() -> None:
    contact = structure({**REQUIRED, "credit_limit": "", "created_time": ""}, Contact)
    assert contact.credit_limit is None and contact.created_time is None


def test_page_context_structures() -> None:
    context = structure({"page": 2, "per_page": 200, "has_more_page": True, "sort_order": "D"}, PageContext)
    assert context.has_more_page is True and context.page == 2


def test_json_writes_decimal_as_exact_numbers() -> None:
    assert jsoncodec.dumps({"a": Decimal("1369.66"), "b": Decimal("1000")}) == b'{"a":1369.66,"b":1000}'
    # Past what a float carries, every digit is still written (items.create(rate=...) of an
    # amount Zoho itself sent).
    assert jsoncodec.dumps({"a": Decimal("0.12345678901234567890"), "b": "é"}) == (
        '{"a":0.12345678901234567890,"b":"é"}'.encode()
    )
    assert jsoncodec.dumps([Decimal("12345678901234567.89")]) == b"[12345678901234567.89]"


def test_dates_and_datetimes_unstructure_to_zoho_text() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert unstructure(when) == "2024-01-02T03:04:05+0530"
    assert unstructure(date(2024, 1, 2)) == "2024-01-02"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,345,678", "12345678"),
        (" -0.5 ", "-0.5"),
        ("1E+3", "1E+3"),
    ],
)
def test_money_strings_read_plainly_or_with_thousands_commas(text: str, amount: str) -> None:
    assert structure({**REQUIRED, "credit_limit": text}, Contact).credit_limit == Decimal(amount)


@pytest.mark.parametrize("text", ["1.234,56", "1,23", "12,3456.7", "1,,234", ",5", "1 234", "0x10"])
def test_money_strings_in_another_notation_are_not_read_as_money(text: str) -> None:
    contact = structure({**REQUIRED, "credit_limit": text}, Contact)
    assert contact.credit_limit is None and contact.extra == {"credit_limit": text}
    with pytest.raises(MalformedResponseError, match="credit_limit"):
        structure({**REQUIRED, "credit_limit": text}, Contact, strict=True)


# (A Decimal from the JSON parser is always finite: NaN and Infinity come out of it as floats.)
@pytest.mark.parametrize(
    "value", ["NaN", "nan", "Infinity", "-Infinity", "sNaN", float("nan"), float("inf")], ids=repr
)
def test_money_that_is_not_a_finite_number_is_not_read_as_money(value: object) -> None:
    assert structure({**REQUIRED, "credit_limit": value}, Contact).credit_limit is None
    with pytest.raises(MalformedResponseError, match="credit_limit"):
        structure({**REQUIRED, "credit_limit": value}, Contact, strict=True)


def test_nan_in_an_answer_is_refused_as_money() -> None:
    with pytest.raises(MalformedResponseError, match="credit_limit"):
        structure({**REQUIRED, **jsoncodec.loads(b'{"credit_limit": NaN}')}, Contact, strict=True)


def test_empty_strings_in_object_and_list_fields_mean_unset() -> None:
    contact = structure(
        {**REQUIRED, "billing_address": "", "contact_persons": "", "custom_fields": " ",
         "default_templates": ""},
        Contact,
    )
    assert contact.billing_address is None and contact.contact_persons is None
    assert contact.custom_fields is None and contact.default_templates is None


def test_empty_strings_in_every_kind_of_field_mean_unset_on_the_page_path_too() -> None:
    # The page path structures a list of models, each cold model interpreted then compiled.
    row = {"tax_percentage": "", "created_time": "", "contact_persons": "", "billing_address": ""}
    rows = [{**REQUIRED, "contact_id": str(n), **row} for n in range(300)]
    contacts = structure(rows, list[Contact])
    assert {(c.contact_persons, c.billing_address, c.created_time, c.tax_percentage) for c in contacts} == {
        (None, None, None, None)
    }


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2022-09-29T12:42:24+0100", 60),
        ("2022-09-29T12:42:24-0800", -480),
        ("2022-09-29T12:42:24+0000", 0),
        ("2022-09-29T12:42:24+05:30", 330),
    ],
)
def test_timestamps_with_any_offset_read_aware(text: str, offset: int) -> None:
    when = structure({**REQUIRED, "created_time": text}, Contact).created_time
    assert when is not None and when.utcoffset() == timedelta(minutes=offset)
    assert (when.hour, when.minute, when.second) == (12, 42, 24)


def test_page_context_carries_totals_when_zoho_gives_them() -> None:
    context = structure({"page": 1, "has_more_page": True, "total": 1234, "total_pages": 7}, PageContext)
    assert (context.total, context.total_pages) == (1234, 7)
    assert structure({"page": 1}, PageContext).total is None
