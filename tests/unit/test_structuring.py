"""Reads are total and lossless: every model, interpreted (cold) or compiled (hot), reads any
answer without failing, keeps what does not fit as Zoho sent it, and writes the answer back value
for value and kind for kind."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zbooks_async.models as models
from tests.data import zoho_operations
from tests.json_kinds import same_json, without_nulls
from zbooks_async import structuring
from zbooks_async.converter import CONVERTER, make_converter, structure, unstructure
from zbooks_async.errors import MalformedResponseError
from zbooks_async.models.base import ActionResult, Model
from zbooks_async.models.contacts import Contact

ALL_MODELS = sorted(
    (
        value
        for value in (getattr(models, name) for name in models.__all__)
        if isinstance(value, type) and issubclass(value, Model)
    ),
    key=lambda cls: cls.__name__,
)
# The per-model random tests take the Contacts models (and the bases): 40 answers each for all 420
# models of the 42 modules would double the suite's time. Every model of every module still reads
# every documented object (test_every_documented_object_reads_into_every_model_and_back).
MODELS = [cls for cls in ALL_MODELS if cls.__module__.endswith((".contacts", ".base"))]
TRICKY_TEXTS = ["", " ", "true", "false", "12", "1,200.50", "2013-08-05T12:06:10+0530", "2024-02-29"]
# What every contact answer carries: the model requires these four (docs/models.md).
REQUIRED = {"contact_id": "1", "contact_name": "Bowman", "contact_type": "customer", "status": "active"}
SETTINGS = settings(derandomize=True, database=None, max_examples=40, deadline=None)


# Every model interpreted, and every model compiled at its first use.
INTERPRETED = make_converter(compile_after=10**12)
COMPILED = make_converter(compile_after=1)


def outcome(converter: Any, data: Any, cls: type[Any]) -> object:
    """What ``converter`` makes of ``data`` (an exception's type if it fails)."""
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        return type(exc)


def agree(data: Any, cls: type[Any]) -> None:
    """Interpreted and compiled read ``data`` alike, and what they read writes ``data`` back."""
    interpreted, compiled = outcome(INTERPRETED, data, cls), outcome(COMPILED, data, cls)
    assert interpreted == compiled, (cls.__name__, data, interpreted, compiled)
    if not isinstance(interpreted, type) and type(data) is dict:
        assert attrs.asdict(interpreted) == attrs.asdict(compiled)  # type: ignore[arg-type]
        written = unstructure(interpreted)
        # Fields with a real default (ActionResult.code) are always written: only what came is compared.
        came = without_nulls(data)
        written = {key: value for key, value in written.items() if key in came}
        assert same_json(written, came), (cls.__name__, data, written)


def implementation(converter: Any, cls: type[Any]) -> Any:
    """The function currently behind ``converter``'s hook for the model ``cls``."""
    return structuring._CELLS[converter.get_structure_hook(cls)][0]


def is_compiled(function: Any) -> bool:
    return bool(function.__code__.co_filename.startswith("<zbooks_async generated structure"))


def test_there_are_models_to_check() -> None:
    assert len(MODELS) > 30


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_model_takes_the_fast_path_compiled_once_hot(cls: type[Model]) -> None:
    converter = make_converter(compile_after=3)
    assert converter.get_structure_hook(cls) in structuring._CELLS
    needed = {a.name: "1" for a in attrs.fields(cls) if a.default is attrs.NOTHING}
    for _ in range(2):
        converter.structure(needed, cls)
        assert not is_compiled(implementation(converter, cls))
    converter.structure(needed, cls)
    assert is_compiled(implementation(converter, cls))


def test_a_model_is_neither_planned_nor_compiled_before_its_first_use() -> None:
    converter = make_converter(compile_after=1)
    hook = converter.get_structure_hook(Contact)
    assert structuring._CELLS[hook][0].__name__ == "first_use"
    converter.structure(REQUIRED, Contact)
    assert is_compiled(implementation(converter, Contact))
    # Nested models are planned when first met, not with their parent.
    assert structuring._CELLS[converter.get_structure_hook(models.ContactPerson)][0].__name__ == "first_use"


def test_a_hot_parent_calls_a_child_compiled_after_it() -> None:
    converter = make_converter(compile_after=2)
    persons = [{"contact_person_id": "2", "first_name": "A"}, {"contact_person_id": "3", "first_name": "B"}]
    data = {**REQUIRED, "contact_persons": persons}
    first = converter.structure(data, Contact)
    assert is_compiled(implementation(converter, models.ContactPerson))
    assert not is_compiled(implementation(converter, Contact))
    assert converter.structure(data, Contact) == first == INTERPRETED.structure(data, Contact)
    assert is_compiled(implementation(converter, Contact))


def objects_in(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *(found for item in value.values() for found in objects_in(item))]
    if isinstance(value, list):
        return [found for item in value for found in objects_in(item)]
    return []


def documented_objects() -> list[dict[str, Any]]:
    found = []
    for operation in zoho_operations():
        found += objects_in(operation["response_example"] or {})
    return found


def test_every_documented_object_reads_into_every_model_and_back() -> None:
    objects = documented_objects()
    assert len(objects) > 100
    for cls in ALL_MODELS:
        for data in objects:
            agree(data, cls)


def test_a_full_contact_reads_its_nested_models() -> None:
    data = next(
        obj["contact"] for obj in documented_objects() if isinstance(obj.get("contact"), dict)
    )
    contact = CONVERTER.structure(data, Contact)
    assert contact.contact_persons and isinstance(contact.contact_persons[0], models.ContactPerson)


def test_missing_fields_take_their_defaults() -> None:
    assert CONVERTER.structure({}, ActionResult) == ActionResult(code=0, message="")
    assert CONVERTER.structure({"code": "7", "x": 1}, ActionResult) == ActionResult(
        code=7, message="", extra={"x": 1, "code": "7"}  # "7" is kept: it goes back as text
    )
    assert CONVERTER.structure(REQUIRED, Contact).extra == {}


def test_a_contact_without_its_id_is_malformed_and_named() -> None:
    data = {key: value for key, value in REQUIRED.items() if key != "contact_id"}
    agree(data, Contact)
    with pytest.raises(MalformedResponseError, match="'contact_id' is missing"):
        structure(data, Contact)


@pytest.mark.parametrize("value", [None, [], {"a": 1}, True])
def test_a_contact_whose_id_is_not_an_id_is_malformed_and_named(value: Any) -> None:
    with pytest.raises(MalformedResponseError, match="contact_id"):
        structure({**REQUIRED, "contact_id": value}, Contact)


def test_a_required_id_sent_as_a_number_reads_as_its_digits_and_goes_back_a_number() -> None:
    contact = structure({**REQUIRED, "contact_id": 460000000026049}, Contact)
    assert contact.contact_id == "460000000026049"
    assert unstructure(contact)["contact_id"] == 460000000026049


def test_a_value_of_the_wrong_kind_is_kept_as_it_came_and_the_rest_is_read() -> None:
    data = {**REQUIRED, "contact_persons": [1], "notes": ["a list"], "credit_limit": "12.50x"}
    contact = structure(data, Contact)
    assert contact.contact_persons is None and contact.notes is None and contact.credit_limit is None
    assert contact.extra == {"contact_persons": [1], "notes": ["a list"], "credit_limit": "12.50x"}
    assert unstructure(contact) == data


def test_strict_mode_names_every_mismatch() -> None:
    data = {**REQUIRED, "contact_persons": [1], "notes": ["a list"]}
    with pytest.raises(MalformedResponseError) as caught:
        structure(data, Contact, strict=True)
    assert "Contact.contact_persons: expected a list" in str(caught.value)
    assert "Contact.notes: expected text, got a list" in str(caught.value)


def test_a_mismatch_is_logged_once_per_field_without_its_value(caplog: pytest.LogCaptureFixture) -> None:
    @attrs.define(kw_only=True)
    class Fresh(Model):
        documents: str | None = None

    with caplog.at_level(logging.WARNING, logger="zbooks_async"):
        for _ in range(3):
            assert structure({"documents": ["secret.pdf"]}, Fresh).extra == {"documents": ["secret.pdf"]}
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "Fresh.documents: expected text, got a list" in message and "secret" not in message


def test_a_field_changed_after_reading_is_written_instead_of_the_kept_value() -> None:
    contact = structure({**REQUIRED, "payment_terms": "15"}, Contact)
    assert contact.payment_terms == 15 and unstructure(contact)["payment_terms"] == "15"
    contact.payment_terms = 30
    assert unstructure(contact)["payment_terms"] == 30


def test_a_list_with_an_unreadable_item_fails_only_at_the_top() -> None:
    with pytest.raises(MalformedResponseError, match="expected an object for Contact"):
        structure([REQUIRED, "not an object"], list[Contact])


def field_values(field_type: Any) -> st.SearchStrategy[Any]:
    """Values of the right JSON type for ``field_type``, mixed with the wrong ones Zoho might send."""
    anything = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        st.sampled_from(TRICKY_TEXTS),
        st.text(max_size=8),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.sampled_from(["city", "contact_id", "zz"]), st.text(max_size=3), max_size=2),
    )
    # Nested values are never null: a null reads as "not set" and is left out, which the check
    # below allows only at the top.
    present = anything.filter(lambda value: value is not None)
    objects = st.dictionaries(st.sampled_from(["city", "email", "tag_id", "zz"]), present, max_size=3)
    return st.one_of(anything, st.lists(objects, max_size=2)) if "list" in str(field_type) else anything


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@SETTINGS
@given(data=st.data())
def test_random_answers_read_alike_either_way_and_write_back_unchanged(
    cls: type[Model], data: st.DataObject
) -> None:
    fields = [field for field in attrs.fields(cls) if field.name != "extra"]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True) if fields else st.just([]))
    # Required fields start out present, so most answers get past them to the rest.
    answer: dict[str, Any] = {field.name: "1" for field in fields if field.default is attrs.NOTHING}
    answer |= {field.name: data.draw(field_values(field.type)) for field in chosen}
    unknown = st.dictionaries(st.sampled_from(["zz_new", "later_field"]), st.integers(), max_size=2)
    answer |= data.draw(unknown)
    agree(answer, cls)


@attrs.define(kw_only=True)
class Node(Model):
    """A model that holds itself, as a report's nested rows could."""

    name: str | None = None
    children: list[Node] | None = None
    parent: Node | None = None


def test_a_model_that_holds_itself_is_read_total_too() -> None:
    data = {"name": "a", "children": [{"name": 1, "children": [{"name": "c", "zz": 1}]}], "parent": {}}
    agree(data, Node)
    assert is_compiled(implementation(COMPILED, Node))
    node = COMPILED.structure(data, Node)
    assert node.children and node.children[0].name == "1"
    assert node.children[0].children and node.children[0].children[0].extra == {"zz": 1}
    agree({"children": "not a list"}, Node)


def test_money_in_the_fast_path_is_exact() -> None:
    data = {**REQUIRED, "credit_limit": Decimal("1369.66"), "payment_terms": 15}
    contact = CONVERTER.structure(data, Contact)
    assert contact.credit_limit == Decimal("1369.66") and contact.payment_terms == 15


class Prefixed(dict[str, Any]):
    """A dict whose item lookup is its own (``get`` and ``in`` keep dict's)."""

    def __getitem__(self, key: str) -> Any:
        return "x" + str(super().__getitem__(key))


class FixedGet(dict[str, Any]):
    """A dict whose ``get`` answers something else than its items."""

    def get(self, key: str, default: Any = None) -> Any:
        return "from get"


@pytest.mark.parametrize("kind", [Prefixed, FixedGet], ids=lambda kind: kind.__name__)
def test_dict_subclasses_are_read_the_way_cattrs_reads_them(kind: type[dict[str, Any]]) -> None:
    # cattrs reads a present key with ``key in data`` and ``data[key]``; so must the fast path.
    data = kind(REQUIRED, zz=1)
    agree(data, Contact)
    assert CONVERTER.structure(data, Contact) == INTERPRETED.structure(data, Contact)
    agree(kind(code="7", message="m"), ActionResult)


# The common forms read directly (a whole amount, a plain date, text or a whole number) and the
# rest through the total reader: (field, value as sent, value read, kept in extra).
COMMON_FORMS = [
    ("total", 25, Decimal(25), False),
    ("total", Decimal("25.50"), Decimal("25.50"), False),
    ("total", "25.50", Decimal("25.50"), True),
    ("total", True, None, True),
    ("date", "2026-01-05", datetime.date(2026, 1, 5), False),
    ("date", "2026-02-30", None, True),
    ("date", "2026-01-05T10:00:00+0530", datetime.date(2026, 1, 5), True),
    ("date", "\uff12\uff10\uff12\uff16-01-05", None, True),  # full-width digits
    ("receipt_number", "SR-1", "SR-1", False),
    ("receipt_number", 17, 17, False),
    ("receipt_number", Decimal("17"), 17, False),
]


@pytest.mark.parametrize("converter", [INTERPRETED, COMPILED], ids=["interpreted", "compiled"])
def test_common_forms_read_as_the_total_reader_reads_them(converter: Any) -> None:
    wrong = []
    for _ in range(3):  # cold, then compiled
        for field, sent, read, kept in COMMON_FORMS:
            receipt = converter.structure({"sales_receipt_id": "1", field: sent}, models.SalesReceipt)
            got, was_kept = getattr(receipt, field), field in receipt.extra
            if (got, type(got), was_kept) != (read, type(read), kept):
                wrong.append(f"{field}={sent!r}: read {got!r}, kept {was_kept}")
            elif kept and receipt.extra[field] is not sent:
                wrong.append(f"{field}={sent!r}: kept {receipt.extra[field]!r}")
    assert not wrong, "\n".join(wrong)


def test_unknown_keys_are_kept_in_their_order_for_every_set_of_keys() -> None:
    converter = make_converter(compile_after=1)
    for shape in range(80):  # past the 64 key sets whose unknown keys are remembered
        unknown = [f"extra_{shape}_{i}" for i in range(shape % 4 + 1)]
        for order in (unknown, unknown[::-1]):
            data = {"sales_receipt_id": "1", order[0]: 0, "notes": "n", **{key: key for key in order[1:]}}
            receipt = converter.structure(data, models.SalesReceipt)
            assert list(receipt.extra.items()) == [(k, v) for k, v in data.items() if k in unknown]
            assert receipt.notes == "n"
