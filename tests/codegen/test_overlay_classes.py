"""The overlay's ``classes``: models a hand-written module takes from the documents plus
reviewed overlay facts (types, required fields, notes, bases, left-out fields)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen import plan as plan_module
from codegen.documents import OperationDoc
from codegen.plan import ModulePlan, OverlayError, build_plan, plan_class, source_schema
from codegen.render import render_models
from codegen.types import Kind, ModelDef, kind_text, parse_kind

THING = {
    "type": "object",
    "properties": {
        "thing_id": {"type": "string", "example": "4600"},
        "total": {"type": "number", "example": 12.5},
        "status": {"type": "string", "example": "open"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"line_id": {"type": "string"}, "rate": {"type": "number"}},
            },
        },
    },
}


def _doc(operation_id: str, *, response: Any = None, body: Any = None) -> OperationDoc:
    return OperationDoc(
        "things",
        operation_id,
        "GET",
        "/things/{thing_id}",
        "ZohoBooks.things.READ",
        "",
        "",
        body=body,
        response=response,
    )


DOCS = [
    _doc(
        "get_thing",
        response={"type": "object", "properties": {"code": {}, "message": {}, "thing": THING}},
    ),
    _doc("create_thing", body={"type": "object", "properties": {"name": {"type": "string"}}}),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("money", Kind("money")),
        ("datetime", Kind("datetime")),
        ("list[str]", Kind("list", item=Kind("str"))),
        ("list[ThingLine]", Kind("list", item=Kind("model", model="ThingLine"))),
        ("Literal['open', 'void']", Kind("literal", values=("open", "void"))),
        ("Thing", Kind("model", model="Thing")),
    ],
)
def test_overlay_types_read_and_write_back(text: str, kind: Kind) -> None:
    assert parse_kind(text) == kind
    assert kind_text(kind) == text


@pytest.mark.parametrize("text", ["decimal", "list[", "Literal[]", "thing"])
def test_an_unknown_overlay_type_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"field type|Literal"):
        parse_kind(text)


def test_sources_name_an_answer_record_a_whole_answer_a_body_and_nested_items() -> None:
    assert "thing_id" in source_schema(DOCS, "get_thing")["properties"]
    assert "code" in source_schema(DOCS, "get_thing/answer")["properties"]
    assert set(source_schema(DOCS, "get_thing/lines")["properties"]) == {"line_id", "rate"}
    assert set(source_schema(DOCS, "create_thing/body")["properties"]) == {"name"}
    with pytest.raises(OverlayError, match="no operation"):
        source_schema(DOCS, "get_gone")
    with pytest.raises(OverlayError, match="no object"):
        source_schema(DOCS, "get_thing/status")


def test_a_class_takes_documented_types_and_the_overlay_facts() -> None:
    entry = {
        "doc": "A thing.",
        "from": "get_thing",
        "fields": [
            {"thing_id": {"required": True}},
            {"status": {"type": "Literal['open', 'void']", "note": "Zoho's two states."}},
            "total",
            {"lines": "list[ThingLine]"},
            {"created_time": "datetime"},
        ],
    }
    definition = plan_class("Thing", entry, DOCS)
    assert list(definition.fields) == ["thing_id", "status", "total", "lines", "created_time"]
    assert definition.fields["total"] == Kind("money")  # from the document
    assert definition.fields["status"] == Kind("literal", values=("open", "void"))
    assert definition.fields["created_time"] == Kind("datetime")  # a field the document lacks
    assert definition.required == {"thing_id"}
    assert definition.notes == {"status": "Zoho's two states."}


@pytest.mark.parametrize(
    ("fields", "left_out", "message"),
    [
        (["thing_id", "status", "total", {"lines": "list[ThingLine]"}, {"total_x": "money"}], [], "ok"),
        (["thing_id", "status", {"total": "money"}, {"lines": "list[ThingLine]"}], [], "repeats"),
        (["thing_id", "status", "total", "lines"], [], "nested object"),
        (["thing_id", "status", "total", {"lines": "list[ThingLine]"}, "colour"], [], "do not give"),
        (["thing_id", "status", {"lines": "list[ThingLine]"}], [], "neither listed nor left_out"),
        (["thing_id", "status", {"lines": "list[ThingLine]"}], ["total", "gone"], "left_out names"),
        (["thing_id", "thing_id"], [], "twice"),
        ([{"thing_id": {"kind": "str"}}], [], "a field is"),
    ],
)
def test_a_class_entry_is_checked_against_the_documents(
    fields: list[Any], left_out: list[str], message: str
) -> None:
    entry = {"from": "get_thing", "fields": fields, "left_out": left_out}
    if message == "ok":
        assert plan_class("Thing", entry, DOCS).fields["total_x"] == Kind("money")
        return
    with pytest.raises(OverlayError, match=message):
        plan_class("Thing", entry, DOCS)


def _overlay(classes: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "modules": {"things": {"attribute": "things", "nouns": ["thing"], "handwritten": "by hand"}},
        "classes": {"things": classes},
        **more,
    }


def test_an_overlay_class_replaces_the_derived_one_and_orphans_go(monkeypatch: pytest.MonkeyPatch) -> None:
    classes = {
        "ThingLine": {"from": "get_thing/lines", "fields": ["line_id", "rate"]},
        "Thing": {
            "from": "get_thing",
            "fields": ["thing_id", "status", "total", {"lines": "list[ThingLine]"}],
        },
        "SpecialThing": {"base": "Thing", "fields": [{"colour": "str"}]},
        "ThingResult": {"base": "ActionResult", "fields": [{"thing": "Thing"}]},
    }
    monkeypatch.setattr(plan_module, "load_overlay", lambda: _overlay(classes))
    (module,) = build_plan({"things": DOCS})
    # get_thing's answer would give Thing and ThingLine; the overlay's own replace them.
    assert sorted(module.models) == ["SpecialThing", "Thing", "ThingLine", "ThingResult"]
    assert module.models["SpecialThing"].base == "Thing"


@pytest.mark.parametrize(
    ("classes", "message"),
    [
        ({"Special": {"base": "Thing", "fields": []}, "Thing": {"fields": []}}, "listed before"),
        ({"Special": {"base": "Gone", "fields": []}}, "base Gone"),
        ({"Thing": {"fields": [{"part": "list[Part]"}]}}, "no class Part"),
        ({"Thing": {"form": "get_thing", "fields": []}}, "unknown class keys"),
    ],
)
def test_class_references_are_checked(
    monkeypatch: pytest.MonkeyPatch, classes: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(plan_module, "load_overlay", lambda: _overlay(classes))
    with pytest.raises(OverlayError, match=message):
        build_plan({"things": DOCS})


def test_rendered_classes_carry_bases_notes_literals_and_required_fields() -> None:
    module = ModulePlan("things", "things", "things")
    module.models = {
        "Special": ModelDef("Special", "A special thing.", {"colour": Kind("str")}, base="Thing"),
        "Thing": ModelDef(
            "Thing",
            "A thing.\n\nIts second paragraph.",
            {"thing_id": Kind("id"), "status": Kind("literal", values=("open", "void"))},
            required={"thing_id"},
            notes={"status": "Zoho's two states."},
        ),
        "ThingResult": ModelDef(
            "ThingResult", "An answer.", {"thing": Kind("model", model="Thing")}, base="ActionResult"
        ),
    }
    text = render_models(module)
    assert "from typing import Literal" in text
    assert "from ...models.base import ActionResult, Model" in text
    assert text.index("class Thing(Model):") < text.index("class Special(Thing):")  # base first
    assert "class ThingResult(ActionResult):" in text
    assert '    """A thing.\n\n    Its second paragraph.\n    """' in text
    assert "    #: Zoho's two states.\n    status: Literal['open', 'void'] | None = None" in text
    assert "    thing_id: str\n" in text
    compile(text, "things.py", "exec")


def test_the_contacts_models_come_from_the_overlay() -> None:
    (contacts,) = [m for m in build_plan() if m.attribute == "contacts"]
    assert {"Contact", "ContactPerson", "ProfitAndLoss", "ContactAddress"} <= set(contacts.models)
    assert contacts.models["ContactAddress"].base == "Address"
    assert contacts.models["Contact"].required == {"contact_id", "contact_name", "contact_type", "status"}
    # Operations named by a bare class read the overlay's class, not a second derived one.
    bare = {op.model for op in contacts.operations if op.model and ":" not in op.model}
    assert bare <= set(contacts.models)
