"""Properties of argument checks: a bad value is refused before anything is sent."""

from __future__ import annotations

import re
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zbooks_async import jsoncodec
from zbooks_async._generated.operations.contacts import LIST
from zbooks_async._generated.params.contacts import ListParams
from zbooks_async.fields import prepare
from zbooks_async.inputs import checked_fields
from zbooks_async.pagination import MAX_PER_PAGE, check_page, check_per_page
from zbooks_async.resources.contact_fields import ContactFields

SETTINGS = settings(derandomize=True, database=None, max_examples=200, deadline=None)

FILTER_CHOICES = {
    name: typing.get_args(hint)
    for name, hint in typing.get_type_hints(ListParams).items()
    if typing.get_origin(hint) is typing.Literal
}


@SETTINGS
@given(st.integers(min_value=1, max_value=MAX_PER_PAGE))
def test_per_page_from_1_to_200_is_accepted(per_page: int) -> None:
    assert check_per_page(per_page) == per_page


@SETTINGS
@given(st.integers().filter(lambda n: not 1 <= n <= MAX_PER_PAGE))
def test_per_page_outside_1_to_200_is_a_value_error(per_page: int) -> None:
    with pytest.raises(ValueError, match="per_page"):
        check_per_page(per_page)


@SETTINGS
@given(st.one_of(st.booleans(), st.floats(), st.text(max_size=3), st.none(), st.decimals()))
def test_per_page_and_page_that_are_not_ints_are_type_errors(value: object) -> None:
    with pytest.raises(TypeError, match="per_page"):
        check_per_page(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="page"):
        check_page(value)  # type: ignore[arg-type]


@SETTINGS
@given(st.integers(max_value=0))
def test_page_numbers_start_at_1(page: int) -> None:
    with pytest.raises(ValueError, match="page"):
        check_page(page)


@SETTINGS
@given(st.sampled_from(sorted(FILTER_CHOICES)), st.data())
def test_every_listed_filter_value_is_accepted(name: str, data: st.DataObject) -> None:
    value = data.draw(st.sampled_from(FILTER_CHOICES[name]))
    assert prepare(LIST, {name: value}).query == {name: value}


@SETTINGS
@given(st.sampled_from(sorted(FILTER_CHOICES)), st.text(max_size=20))
def test_an_unknown_filter_value_is_a_type_error_naming_the_filter(name: str, value: str) -> None:
    if value in FILTER_CHOICES[name]:
        return
    with pytest.raises((TypeError, ValueError), match=name):
        prepare(LIST, {name: value})


@SETTINGS
@given(st.text(min_size=1, max_size=20))
def test_an_unknown_field_name_is_a_type_error_listing_the_known_ones(name: str) -> None:
    if name in typing.get_type_hints(ContactFields):
        return
    with pytest.raises(TypeError, match="unknown field"):
        checked_fields(ContactFields, {name: "x"})


@SETTINGS
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_is_never_accepted_as_money(amount: float) -> None:
    with pytest.raises(TypeError, match="credit_limit"):
        checked_fields(ContactFields, {"credit_limit": amount})


DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=8).filter(lambda text: not DECIMAL_TEXT.fullmatch(text)),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    )
)
def test_text_flags_and_lists_are_not_money(value: object) -> None:
    with pytest.raises(TypeError, match="credit_limit"):
        checked_fields(ContactFields, {"credit_limit": value})


@SETTINGS
@given(st.from_regex(DECIMAL_TEXT, fullmatch=True))
def test_decimal_text_is_money_sent_as_written(amount: str) -> None:
    assert checked_fields(ContactFields, {"credit_limit": amount}) == {"credit_limit": amount}


@SETTINGS
@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_decimal_money_is_sent_exactly(amount: Decimal) -> None:
    body = checked_fields(ContactFields, {"credit_limit": amount})
    assert jsoncodec.loads(jsoncodec.dumps(body))["credit_limit"] == amount


@SETTINGS
@given(st.one_of(st.integers(), st.text(max_size=5), st.floats(), st.booleans()))
def test_a_boolean_field_takes_only_booleans(value: object) -> None:
    if isinstance(value, bool):
        return
    with pytest.raises(TypeError, match="is_taxable"):
        checked_fields(ContactFields, {"is_taxable": value})


@SETTINGS
@given(st.one_of(st.text(max_size=5), st.floats(), st.booleans()))
def test_an_integer_field_takes_only_integers(value: object) -> None:
    with pytest.raises(TypeError, match="payment_terms"):
        checked_fields(ContactFields, {"payment_terms": value})


class Dated(typing.TypedDict, total=False):
    date: date
    created_time: datetime


@SETTINGS
@given(st.one_of(st.datetimes(), st.text(max_size=10), st.integers()))
def test_a_date_field_takes_a_date_not_a_datetime_or_text(value: object) -> None:
    with pytest.raises(TypeError, match="date"):
        checked_fields(Dated, {"date": value})


@SETTINGS
@given(st.datetimes())
def test_a_naive_datetime_is_refused(moment: datetime) -> None:
    with pytest.raises(TypeError, match="timezone-aware"):
        checked_fields(Dated, {"created_time": moment})


@SETTINGS
@given(st.dates(), st.datetimes(), st.integers(min_value=-720, max_value=840))
def test_dates_and_aware_datetimes_go_out_as_zoho_text(day: date, moment: datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    body = checked_fields(Dated, {"date": day, "created_time": aware})
    assert body["date"] == day.isoformat()
    assert isinstance(body["created_time"], str)
