"""Properties of path building: ids are digits or nothing is sent; text never leaves its segment."""

from __future__ import annotations

import string
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zbooks_async.operations import Operation, check_id

SETTINGS = settings(derandomize=True, database=None, max_examples=300, deadline=None)

ONE_ID = Operation("contacts.get", "GET", "/contacts/{contact_id}", "ZohoBooks.contacts.READ")
TWO_IDS = Operation(
    "contacts.bank_accounts.get",
    "GET",
    "/contacts/{contact_id}/bankaccount/{account_id}",
    "ZohoBooks.contacts.READ",
)
TEXT = Operation(
    "example.by_name",
    "GET",
    "/contacts/{contact_id}/tags/{tag_name}",
    "ZohoBooks.contacts.READ",
    text_params=frozenset({"tag_name"}),
)

zoho_ids = st.text(alphabet=string.digits, min_size=1, max_size=30)
not_ids = st.text(max_size=40).filter(
    lambda text: not (1 <= len(text) <= 30 and all(c in string.digits for c in text))
)
hostile = st.sampled_from(
    [
        "",
        " ",
        "..",
        "../..",
        "1/../../x",
        "1/",
        "/1",
        "12?x=1",
        "12#frag",
        "12%2F..",
        "12\n",
        "\uff11\uff12",  # full-width digits
        "\u0661\u0662\u0663",  # Arabic-Indic digits
        "1" * 31,
        "-12",
        "+12",
        "1.0",
        "1e3",
        "0x1F",
        "12 ",
        "@evil.example",
    ]
)
not_strings = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.binary(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.builds(object),
)


@SETTINGS
@given(zoho_ids)
def test_every_digit_string_is_placed_in_the_path_unchanged(contact_id: str) -> None:
    assert ONE_ID.build_path({"contact_id": contact_id}) == f"/contacts/{contact_id}"


@SETTINGS
@given(st.integers(min_value=0, max_value=10**30 - 1))
def test_a_non_negative_int_is_accepted_as_its_digits(contact_id: int) -> None:
    assert ONE_ID.build_path({"contact_id": contact_id}) == f"/contacts/{contact_id}"


@SETTINGS
@given(st.integers(max_value=-1))
def test_a_negative_int_is_refused(contact_id: int) -> None:
    with pytest.raises(ValueError, match="contact_id"):
        ONE_ID.build_path({"contact_id": contact_id})


@SETTINGS
@given(st.one_of(not_ids, hostile))
def test_anything_but_digits_is_refused_with_a_value_error_naming_the_parameter(
    value: str,
) -> None:
    with pytest.raises(ValueError, match="contact_id"):
        check_id("contact_id", value)
    with pytest.raises(ValueError, match="account_id"):
        TWO_IDS.build_path({"contact_id": "1", "account_id": value})


@SETTINGS
@given(not_strings)
def test_a_value_that_is_neither_str_nor_int_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="contact_id"):
        ONE_ID.build_path({"contact_id": value})


@SETTINGS
@given(st.dictionaries(st.sampled_from(["contact_id", "account_id", "other"]), zoho_ids))
def test_missing_or_extra_path_parameters_are_a_type_error(params: dict[str, object]) -> None:
    if set(params) == {"contact_id", "account_id"}:
        TWO_IDS.build_path(params)
    else:
        with pytest.raises(TypeError, match="needs path parameters"):
            TWO_IDS.build_path(params)


@SETTINGS
@given(st.text(min_size=1, max_size=60))
def test_a_text_parameter_stays_inside_its_own_segment(tag_name: str) -> None:
    try:
        path = TEXT.build_path({"contact_id": "7", "tag_name": tag_name})
    except ValueError:
        assert not tag_name.strip() or tag_name in (".", "..")
        return
    prefix = "/contacts/7/tags/"
    assert path.startswith(prefix)
    segment = path[len(prefix) :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert segment not in (".", "..")
    assert unquote(segment) == tag_name


@SETTINGS
@given(st.one_of(zoho_ids, not_ids, hostile, not_strings))
def test_build_path_either_refuses_or_yields_the_template_shape(value: object) -> None:
    try:
        path = TWO_IDS.build_path({"contact_id": value, "account_id": "99"})
    except (TypeError, ValueError):
        return
    parts = path.split("/")
    assert parts[:2] == ["", "contacts"] and parts[3:] == ["bankaccount", "99"]
    assert parts[2].isascii() and parts[2].isdigit()
