"""What Python type a documented field gets: Zoho's documents say "integer" for money and
"string" for dates, so the schema type alone is not enough; names and examples decide too."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .documents import Schema

MONEY_WORDS = re.compile(
    r"(^|_)(amount|amounts|total|balance|price|rate|cost|charge|charges|discount|adjustment|"
    r"subtotal|credits|fee|fees|bcy|paid|receivable|receivables|payable|payables|limit|outstanding|"
    r"excess|withheld|value|salvage|depreciation|tds|tcs|budget|actual|variance|opening|closing|"
    r"debit|credit|deposit|withdrawal|refund)($|_)"
)
NOT_MONEY = re.compile(
    r"(_id|_ids|_name|_type|_count|_formatted|_code|_status|_time|_date|_days|_text|_mode|_str|"
    r"_number|_format|_label|_by|_method|_option|_unit|_frequency|_order|_column)$|^(is|can|has|show|include)_"
)
DATE_EXAMPLE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_EXAMPLE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$")
TIMESTAMPS = frozenset({"created_time", "last_modified_time", "updated_time"})
"""Always timestamps in Zoho's answers, whatever a document's example shows."""
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
PY_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except finally "
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield "
    "extra".split()
)


@dataclass(frozen=True)
class Kind:
    """A field's type: ``code`` is one of str id money int bool date datetime any dict list model
    literal (``values`` holds a literal's allowed values), ``text_or_number`` (a code Zoho sends
    as text or as a JSON number: a zip code, an HSN code) or ``number_or_text`` (a number that
    may also be text: a discount of ``10`` or ``"10%"``)."""

    code: str
    item: Kind | None = None
    model: str | None = None
    values: tuple[str, ...] = ()


@dataclass
class ModelDef:
    """One attrs class to emit: its fields in first-seen order.

    ``base`` is the class it extends (``Model``, ``ActionResult`` or another class of the same
    module); ``notes`` are ``#:`` comments the overlay puts above fields.
    """

    name: str
    doc: str
    fields: dict[str, Kind] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    base: str = "Model"
    notes: dict[str, str] = field(default_factory=dict)


SCALARS = frozenset(
    {"str", "id", "money", "int", "bool", "date", "datetime", "any", "dict"}
    | {"text_or_number", "number_or_text"}
)
LITERAL = re.compile(r"^Literal\[(.*)\]$")
CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def parse_kind(text: str) -> Kind:
    """An overlay's type text as a Kind: a scalar code (``money``, ``datetime``...), ``list[T]``,
    ``Literal['a', 'b']`` or a class name (``ContactPerson``)."""
    text = text.strip()
    if text in SCALARS:
        return Kind(text)
    if text.startswith("list[") and text.endswith("]"):
        return Kind("list", item=parse_kind(text[5:-1]))
    literal = LITERAL.match(text)
    if literal:
        found = tuple(re.findall(r"'([^']*)'", literal.group(1)))
        if not found:
            raise ValueError(f"a Literal without values: {text!r}")
        return Kind("literal", values=found)
    if CLASS_NAME.match(text):
        return Kind("model", model=text)
    raise ValueError(f"not a field type: {text!r} (one of {sorted(SCALARS)}, list[T], Literal[...], a class)")


def kind_text(kind: Kind) -> str:
    """The overlay's spelling of ``kind`` (what ``parse_kind`` reads)."""
    if kind.code == "list":
        assert kind.item is not None
        return f"list[{kind_text(kind.item)}]"
    if kind.code == "model":
        return str(kind.model)
    if kind.code == "literal":
        return "Literal[" + ", ".join(repr(value) for value in kind.values) + "]"
    return kind.code


def models_in(kind: Kind) -> list[str]:
    """The class names ``kind`` refers to."""
    if kind.code == "list" and kind.item is not None:
        return models_in(kind.item)
    return [kind.model] if kind.code == "model" and kind.model else []


def camel(words: str) -> str:
    """``line_items`` -> ``LineItems``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", words) if part)


def singular(word: str) -> str:
    """A simple English singular, enough for Zoho's field names."""
    for plural, single in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("uses", "us")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_usable_name(name: str) -> bool:
    """Whether ``name`` can be an attribute / keyword as it is (else it stays in ``extra``)."""
    return bool(IDENTIFIER.match(name)) and name not in PY_KEYWORDS


def _example(schema: Schema) -> Any:
    return schema.get("example")


def is_id(name: str) -> bool:
    """Ids and lists of ids travel as strings of digits whatever the document says."""
    if name.startswith(("is_", "has_", "can_")) or name.endswith(("mail_id", "mail_ids")):
        return False  # to_mail_ids holds addresses
    return name == "id" or name.endswith(("_id", "_ids"))


def is_money(name: str, schema: Schema) -> bool:
    """Money: a number the documents type as integer or number, named like an amount."""
    if NOT_MONEY.search(name) or is_id(name):
        return False
    if schema.get("type") == "number":
        return True
    example = _example(schema)
    if schema.get("type") == "integer" and isinstance(example, float):
        return True
    return bool(MONEY_WORDS.search(name)) and schema.get("type") in ("integer", "number")


class KindReader:
    """Turns schemas into Kinds, collecting the nested models of one module as it goes."""

    def __init__(self, models: dict[str, ModelDef]) -> None:
        self.models = models

    def kind(self, name: str, schema: Schema, owner: str) -> Kind:
        """The Kind of field ``name`` (of model ``owner``) described by ``schema``: what the
        documents say, corrected by the general rules real answers show (:func:`evidence_kind`)."""
        found = evidence_kind(name, schema, owner)
        if found is not None:
            return found
        kind_of = schema.get("type")
        items = schema.get("items") or {}
        listed = kind_of == "array" or "items" in schema
        if name in ("billing_address", "shipping_address") and listed:
            # One address object, though documented as a list (vendor payments).
            return self.model(owner + camel(name), items, "") if items.get("properties") else Kind("dict")
        if GLUED_RECORD_LISTS.match(name) and kind_of == "object" and schema.get("properties"):
            return Kind("list", item=self.model(owner + camel(singular(name)), schema, ""))
        return self.documented_kind(name, schema, owner)

    def documented_kind(self, name: str, schema: Schema, owner: str) -> Kind:
        """The Kind the document's schema gives field ``name``."""
        kind_of = schema.get("type")
        if kind_of == "array" or "items" in schema:
            items = schema.get("items") or {}
            if items.get("type") == "object" or "properties" in items:
                return Kind("list", item=self.model(owner + camel(singular(name)), items, ""))
            return Kind("list", item=self.kind(singular(name), items, owner))
        if kind_of == "object" or "properties" in schema:
            if schema.get("properties"):
                return self.model(owner + camel(name), schema, "")
            return Kind("any")  # an object the document does not describe: examples show text too
        example = _example(schema)
        if isinstance(example, bool) or kind_of == "boolean":
            # Where the type and the example disagree, the example is what answers carry.
            return Kind("bool") if isinstance(example, bool) or example is None else Kind("any")
        if is_id(name):
            return Kind("id")
        if kind_of == "string" and isinstance(example, int) and not isinstance(example, bool):
            if not (MONEY_WORDS.search(name) and not NOT_MONEY.search(name)):
                return Kind("text_or_number")  # the document's own example sends this text as a number
        if kind_of in ("integer", "number"):
            if isinstance(example, str) and example.strip():  # a blank example says nothing
                return Kind("str")
            return Kind("money") if is_money(name, schema) else Kind("int")
        if kind_of == "string" or kind_of is None:
            text = example if isinstance(example, str) else ""
            if (name == "date" or name.endswith("_date")) and (not text or DATE_EXAMPLE.match(text)):
                return Kind("date")
            if name in TIMESTAMPS or (name.endswith("_time") and TIMESTAMP_EXAMPLE.match(text)):
                return Kind("datetime")
            numeric = isinstance(example, int | float) or bool(re.fullmatch(r"-?\d+\.\d+", text))
            if numeric and MONEY_WORDS.search(name) and not NOT_MONEY.search(name):
                return Kind("money")  # "type: string" with an amount for example: Zoho sends numbers
            return Kind("str") if kind_of == "string" else Kind("any")
        return Kind("any")

    def model(self, name: str, schema: Schema, doc: str) -> Kind:
        """Merge ``schema``'s properties into model ``name`` (created on first sight)."""
        definition = self.models.get(name)
        if definition is None:
            definition = self.models[name] = ModelDef(name=name, doc=doc)
        for prop, sub in (schema.get("properties") or {}).items():
            if not is_usable_name(prop):
                continue
            if prop in definition.fields:
                seen = definition.fields[prop]
                if seen.code in ("list", "model") and _shape_of(sub or {}) not in (seen.code, None):
                    # One answer documents a list where another documents an object: keep either.
                    definition.fields[prop] = Kind("any")
                continue
            definition.fields[prop] = Kind("any")  # placeholder: a model may hold itself
            definition.fields[prop] = self.kind(prop, sub or {}, name)
        return Kind("model", model=name)


# Record lists (line_items, and lists Zoho glues into one word: salesorders, deliverychallans): a
# field so named holds a list, though a document may show one object (vendor credits' line_items).
GLUED_RECORD_LISTS = re.compile(
    r"^(line_items|salesorders|purchaseorders|invoices|bills|deliverychallans|creditnotes|vendorcredits|"
    r"estimates|retainerinvoices|debit_notes|payments|expenses|journals)$"
)


def evidence_kind(name: str, schema: Schema, owner: str) -> Kind | None:
    """Where real answers (tests/data/real/, see each NOTES.md) show a general rule the documents
    break, the Kind they show; else None (the document's kind stands).

    - a custom field's ``value`` holds what its data type says: text, a number, a boolean, a
      date, a list of options (an invoice's decimal custom field arrives as ``5026.8``);
    - ``documents`` and ``comments`` are lists of objects (invoices, bills, vendor payments),
      though documents type them as text;
    - ``*_formatted`` twins are text; ``is_``/``has_``/``can_`` flags are booleans (chart of
      accounts' ``is_child_present``);
    - percentages (items' ``tax_percentage`` 15) and quantities (purchase order lines) are
      numbers; a ``discount`` is a number or text (``0`` in sales orders, ``"10%"`` in the
      invoices document);
    - ``*_number`` fields and zip codes are text or a number (vendor payments' ``payment_number``
      is "4" where the document says integer; the documents' own examples send zip 94588);
    - billing and shipping addresses are objects (vendor payments' documents show a list);
      record lists glued into one word (an invoice's ``salesorders``) are lists.
    """
    kind_of = schema.get("type")
    listed = kind_of == "array" or "items" in schema
    if name == "value" and "CustomField" in owner:
        return Kind("any")
    if name in ("documents", "comments") and not (listed and (schema.get("items") or {}).get("properties")):
        return Kind("list", item=Kind("dict"))
    if name.endswith("_formatted"):
        return Kind("str")
    if name.startswith(("is_", "has_", "can_")) and kind_of != "object" and not listed:
        return Kind("bool")
    if re.search(r"(^|_)(percentage|percent)$", name) or re.search(r"(^|_)quantity$", name):
        return Kind("money") if not listed else None
    if name == "discount" or (name.endswith("_discount") and kind_of == "string"):
        return Kind("number_or_text")
    if (name.endswith("_number") or name in ("zip", "zipcode")) and kind_of in ("string", "integer"):
        return Kind("text_or_number")
    return None


def _shape_of(schema: Schema) -> str | None:
    """``list`` or ``model`` for a schema of objects (None for anything else)."""
    if schema.get("type") == "array" or "items" in schema:
        items = schema.get("items") or {}
        return "list" if items.get("type") == "object" or items.get("properties") else None
    if schema.get("properties"):
        return "model"
    return None
