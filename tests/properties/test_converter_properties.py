"""Properties of the converter: what Zoho sends comes back unchanged; a wrong shape names its field."""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zbooks_async import jsoncodec
from zbooks_async.converter import format_timestamp, parse_timestamp, structure, unstructure
from zbooks_async.errors import MalformedResponseError
from zbooks_async.models.contacts import Address, Contact, ContactPerson

SETTINGS = settings(derandomize=True, database=None, max_examples=200, deadline=None)

ids = st.text(alphabet="0123456789", min_size=1, max_size=19)
texts = st.text(max_size=30)
# Zoho amounts: at most 15 significant digits, a handful of decimal places.
money = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
timestamps = st.builds(
    lambda moment, tz: moment.replace(microsecond=0, tzinfo=tz),
    st.datetimes(),  # every year from 1 to 9999
    offsets,
)
KNOWN = {field.name for field in attrs.fields(Contact)}
extra_values = st.one_of(st.none(), st.booleans(), st.integers(), texts)
extras = st.dictionaries(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
        lambda key: key not in KNOWN
    ),
    extra_values,
    max_size=3,
)
addresses = st.builds(Address, address_id=st.none() | ids, city=st.none() | texts, zip=st.none() | ids)
persons = st.builds(
    ContactPerson,
    contact_person_id=ids,
    email=st.none() | texts,
    is_primary_contact=st.none() | st.booleans(),
)
contacts = st.builds(
    Contact,
    contact_id=ids,
    contact_name=texts,
    contact_type=st.sampled_from(["customer", "vendor"]),
    status=st.sampled_from(["active", "inactive"]),
    credit_limit=st.none() | money,
    outstanding_receivable_amount=st.none() | money,
    payment_terms=st.none() | st.integers(min_value=0, max_value=365),
    is_taxable=st.none() | st.booleans(),
    created_time=st.none() | timestamps,
    last_modified_time=st.none() | timestamps,
    billing_address=st.none() | addresses,
    contact_persons=st.none() | st.lists(persons, max_size=3),
    extra=extras,
)


# What every contact answer carries: the model requires these four (docs/models.md).
REQUIRED = {"contact_id": "1", "contact_name": "Bowman", "contact_type": "customer", "status": "active"}


def over_the_wire(value: object) -> object:
    return jsoncodec.loads(jsoncodec.dumps(unstructure(value)))


@SETTINGS
@given(contacts)
def test_a_contact_survives_unstructure_json_and_structure(contact: Contact) -> None:
    assert structure(over_the_wire(contact), Contact) == contact


@SETTINGS
@given(timestamps)
def test_timestamps_keep_their_instant_and_offset(moment: datetime) -> None:
    text = format_timestamp(moment)
    again = parse_timestamp(text)
    assert again == moment and again.utcoffset() == moment.utcoffset()


@SETTINGS
@given(st.datetimes(timezones=st.just(UTC)).map(lambda m: m.astimezone(UTC)))
def test_an_iso_8601_timestamp_with_a_colon_offset_is_read_too(moment: datetime) -> None:
    assert structure({**REQUIRED, "created_time": moment.isoformat()}, Contact).created_time == moment


@SETTINGS
@given(money)
def test_money_round_trips_exactly_through_json(amount: Decimal) -> None:
    assert structure(over_the_wire({**REQUIRED, "credit_limit": amount}), Contact).credit_limit == amount


@SETTINGS
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_decimal_either_goes_out_exactly_or_is_refused(amount: Decimal) -> None:
    try:
        wire = jsoncodec.dumps({"amount": amount})
    except ValueError:
        return
    assert jsoncodec.loads(wire)["amount"] == amount


@SETTINGS
@given(st.integers(min_value=0, max_value=10**19 - 1))
def test_ids_sent_as_json_numbers_become_their_digits(number: int) -> None:
    assert structure({**REQUIRED, "contact_id": number}, Contact).contact_id == str(number)


def _field_kinds() -> dict[str, type]:
    kinds: dict[str, type] = {}
    hints = typing.get_type_hints(Contact)
    for name, hint in hints.items():
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) == 1 and arms[0] in (str, Decimal, datetime, bool, int, date):
            kinds[name] = arms[0]
    return kinds


SCALAR_FIELDS = _field_kinds()
wrong_shapes = st.one_of(
    st.lists(st.integers(), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
)


@SETTINGS
@given(st.sampled_from(sorted(set(SCALAR_FIELDS) - {"contact_id"})), wrong_shapes)  # its own id: fatal
def test_a_list_or_object_where_a_scalar_belongs_is_kept_and_named_in_strict_mode(
    field: str, value: object
) -> None:
    assert unstructure(structure({**REQUIRED, field: value}, Contact)) == {**REQUIRED, field: value}
    with pytest.raises(MalformedResponseError, match=rf"Contact\.{field}\b"):
        structure({**REQUIRED, field: value}, Contact, strict=True)


@SETTINGS
@given(
    st.sampled_from([name for name, kind in SCALAR_FIELDS.items() if kind in (Decimal, datetime, int, bool)]),
    st.text(alphabet="abcxyz!?", min_size=1, max_size=8),
)
def test_text_that_is_not_a_number_date_or_flag_is_kept_and_named_in_strict_mode(
    field: str, value: str
) -> None:
    assert unstructure(structure({**REQUIRED, field: value}, Contact)) == {**REQUIRED, field: value}
    with pytest.raises(MalformedResponseError, match=rf"Contact\.{field}\b"):
        structure({**REQUIRED, field: value}, Contact, strict=True)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"billing_address": {"zip": [1]}}, r"Address\.zip"),
        ({"contact_persons": [{"is_primary_contact": "maybe"}]}, r"ContactPerson\.is_primary_contact"),
        ({"billing_address": "12 Main St"}, r"Contact\.billing_address"),
        ({"created_time": "2024-13-40T99:00:00+0530"}, r"Contact\.created_time"),
        ({"created_time": "2024-01-01T10:00:00"}, r"Contact\.created_time"),
    ],
)
def test_nested_wrong_shapes_are_kept_and_named_in_strict_mode(data: dict[str, object], where: str) -> None:
    assert unstructure(structure({**REQUIRED, **data}, Contact)) == {**REQUIRED, **data}
    with pytest.raises(MalformedResponseError, match=where):
        structure({**REQUIRED, **data}, Contact, strict=True)


def test_a_non_object_answer_is_a_malformed_response_not_an_attribute_error() -> None:
    for data in (None, [], "contact", 5):
        with pytest.raises(MalformedResponseError, match="Contact"):
            structure(data, Contact)
