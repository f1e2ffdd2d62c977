"""The fast path, interpreted (a cold model) and compiled (a hot one), gives exactly what cattrs'
detailed structuring gives, or steps aside."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zbooks_async.models as models
from tests.data import zoho_operations
from zbooks_async import structuring
from zbooks_async.converter import CONVERTER, FAST, make_converter, structure
from zbooks_async.errors import MalformedResponseError
from zbooks_async.models.base import ActionResult, Model
from zbooks_async.models.contacts import Contact

MODELS = sorted(
    (value for value in vars(models).values() if isinstance(value, type) and issubclass(value, Model)),
    key=lambda cls: cls.__name__,
)
TRICKY_TEXTS = ["", " ", "true", "false", "12", "1,200.50", "2013-08-05T12:06:10+0530", "2024-02-29"]
# What every contact answer carries: the model requires these four (docs/models.md).
REQUIRED = {"contact_id": "1", "contact_name": "Bowman", "contact_type": "customer", "status": "active"}
SETTINGS = settings(derandomize=True, database=None, max_examples=40, deadline=None)


# Every model interpreted, and every model compiled at its first use.
INTERPRETED = make_converter(detailed=False, compile_after=10**12)
COMPILED = make_converter(detailed=False, compile_after=1)


def outcome(converter: Any, data: Any, cls: type[Any]) -> object:
    """What ``converter`` makes of ``data`` (an exception's type if it fails)."""
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        return type(exc)


def agree(data: Any, cls: type[Any]) -> None:
    detailed = outcome(CONVERTER, data, cls)
    for fast_converter in (INTERPRETED, COMPILED):  # FAST is one or the other, by use count
        fast = outcome(fast_converter, data, cls)
        fast_failed, detailed_failed = isinstance(fast, type), isinstance(detailed, type)
        assert fast_failed == detailed_failed, (cls.__name__, data, fast, detailed)
        if not fast_failed:
            assert fast == detailed
            assert attrs.asdict(fast) == attrs.asdict(detailed)  # type: ignore[arg-type]


def implementation(converter: Any, cls: type[Any]) -> Any:
    """The function currently behind ``converter``'s hook for the model ``cls``."""
    return structuring._CELLS[converter.get_structure_hook(cls)][0]


def is_compiled(function: Any) -> bool:
    return bool(function.__code__.co_filename.startswith("<zbooks_async generated structure"))


def test_there_are_models_to_check() -> None:
    assert len(MODELS) > 30


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_model_takes_the_fast_path_compiled_once_hot(cls: type[Model]) -> None:
    converter = make_converter(detailed=False, compile_after=3)
    assert converter.get_structure_hook(cls) in structuring._CELLS
    needed = {a.name: "1" for a in attrs.fields(cls) if a.default is attrs.NOTHING}
    for _ in range(2):
        converter.structure(needed, cls)
        assert not is_compiled(implementation(converter, cls))
    converter.structure(needed, cls)
    assert is_compiled(implementation(converter, cls))


def test_a_model_is_neither_planned_nor_compiled_before_its_first_use() -> None:
    converter = make_converter(detailed=False, compile_after=1)
    hook = converter.get_structure_hook(Contact)
    assert structuring._CELLS[hook][0].__name__ == "first_use"
    converter.structure(REQUIRED, Contact)
    assert is_compiled(implementation(converter, Contact))
    # Nested models are planned when first met, not with their parent.
    assert structuring._CELLS[converter.get_structure_hook(models.ContactPerson)][0].__name__ == "first_use"


def test_a_hot_parent_calls_a_child_compiled_after_it() -> None:
    converter = make_converter(detailed=False, compile_after=2)
    persons = [{"contact_person_id": "2", "first_name": "A"}, {"contact_person_id": "3", "first_name": "B"}]
    data = {**REQUIRED, "contact_persons": persons}
    first = converter.structure(data, Contact)
    assert is_compiled(implementation(converter, models.ContactPerson))
    assert not is_compiled(implementation(converter, Contact))
    assert converter.structure(data, Contact) == first == CONVERTER.structure(data, Contact)
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


def test_every_documented_object_structures_the_same_into_every_model() -> None:
    objects = documented_objects()
    assert len(objects) > 100
    for cls in MODELS:
        for data in objects:
            agree(data, cls)


def test_a_full_contact_takes_the_fast_path() -> None:
    data = next(
        obj["contact"] for obj in documented_objects() if isinstance(obj.get("contact"), dict)
    )
    fast = FAST.structure(data, Contact)
    assert fast == CONVERTER.structure(data, Contact)
    assert fast.contact_persons and isinstance(fast.contact_persons[0], models.ContactPerson)


def test_missing_fields_take_their_defaults() -> None:
    assert FAST.structure({}, ActionResult) == ActionResult(code=0, message="")
    assert FAST.structure({"code": "7", "x": 1}, ActionResult) == ActionResult(
        code=7, message="", extra={"x": 1}
    )
    assert FAST.structure(REQUIRED, Contact).extra == {}


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_a_contact_without_a_required_field_is_malformed_and_named(missing: str) -> None:
    data = {key: value for key, value in REQUIRED.items() if key != missing}
    agree(data, Contact)
    with pytest.raises(MalformedResponseError, match=f"required field missing @ \\$.{missing}"):
        structure(data, Contact)


def test_a_required_field_sent_as_null_is_malformed() -> None:
    with pytest.raises(MalformedResponseError, match="contact_name"):
        structure({**REQUIRED, "contact_name": None}, Contact)


def test_a_required_id_sent_as_a_number_becomes_its_digits() -> None:
    assert structure({**REQUIRED, "contact_id": 460000000026049}, Contact).contact_id == "460000000026049"


def test_wrong_shapes_still_name_their_field() -> None:
    with pytest.raises(MalformedResponseError, match="contact_persons"):
        structure({"contact_persons": [1]}, Contact)
    with pytest.raises(MalformedResponseError, match=r"expected Contact @ \$\[1\]"):
        structure([{"contact_id": "1"}, "not an object"], list[Contact])


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
    objects = st.dictionaries(st.sampled_from(["city", "email", "tag_id", "zz"]), anything, max_size=3)
    return st.one_of(anything, st.lists(objects, max_size=2)) if "list" in str(field_type) else anything


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@SETTINGS
@given(data=st.data())
def test_random_answers_structure_the_same_either_way(cls: type[Model], data: st.DataObject) -> None:
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


def test_a_model_that_holds_itself_takes_the_fast_path_too() -> None:
    data = {"name": "a", "children": [{"name": 1, "children": [{"name": "c", "zz": 1}]}], "parent": {}}
    agree(data, Node)
    assert is_compiled(implementation(COMPILED, Node))
    node = COMPILED.structure(data, Node)
    assert node.children and node.children[0].name == "1"
    assert node.children[0].children and node.children[0].children[0].extra == {"zz": 1}
    agree({"children": "not a list"}, Node)


def test_money_in_the_fast_path_is_exact() -> None:
    contact = FAST.structure({**REQUIRED, "credit_limit": Decimal("1369.66"), "payment_terms": 15}, Contact)
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
    assert FAST.structure(data, Contact) == CONVERTER.structure(data, Contact)
    agree(kind(code="7", message="m"), ActionResult)
