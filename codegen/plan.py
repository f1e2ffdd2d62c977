"""From documents plus overlay to a plan: per module, its operations (SDK names, inputs,
answer shape) and its models. Rendering the plan into Python is ``render.py``'s job."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .documents import LOADER, OperationDoc, Schema, read_all
from .examples import example_of
from .naming import Module, collections, conform, problem
from .types import (
    TIMESTAMP_EXAMPLE,
    Kind,
    KindReader,
    ModelDef,
    camel,
    is_id,
    is_money,
    is_usable_name,
    kind_text,
    models_in,
    parse_kind,
    singular,
)

OVERLAY = Path(__file__).parent / "overlay.yml"
ENVELOPE = frozenset({"code", "message", "page_context"})
TRAILING = ("in", "to", "for", "of", "from", "a", "with")
PAGING = frozenset({"page", "per_page"})
RESERVED = frozenset({"options", "to", "per_page", "page", "self", "params"})
"""Keywords a generated function has for itself; a documented field of that name gets a ``_``."""


class OverlayError(ValueError):
    """The documents and the overlay disagree in a way a person has to settle."""


@dataclass
class Input:
    """One keyword (or positional path argument) of an endpoint function."""

    name: str
    wire: str
    where: str  # path, query, header, body, file
    kind: Kind
    spec: Any
    required: bool
    description: str
    example: Any = None


@dataclass
class OpPlan:
    """One operation as the SDK exposes it."""

    doc: OperationDoc
    module: str
    method_name: str
    path: str
    shape: str  # object, list, page, action, file, answer
    key: str | None
    model: str | None
    idempotent: bool
    inputs: list[Input] = field(default_factory=list)
    text_params: tuple[str, ...] = ()
    answer_fields: frozenset[str] = frozenset()  # fields the documented answer gives the model
    sync: str | None = None  # how changed_since reads this list: sorted, filtered or both
    pdf: bool = False  # a get that answers a PDF with accept=pdf
    identity: str | None = None  # the id field of a listed record
    # Facts the documents omit (codegen/overlay.yml): path ids Zoho also wants in the body; what
    # a call without fields means (``default_content``: Zoho sends its default content); the
    # fields a body with any fields must hold (``required``).
    path_in_body: tuple[str, ...] = ()
    empty_body: str | None = None
    required: tuple[str, ...] = ()
    example: str | None = None  # the docstring's call, where the overlay gives a better one
    organization: bool = True  # False where Zoho answers without an organization_id
    # Limits Zoho puts on a keyword's value (overlay ``constraints``): keyword -> {kind: limit}.
    constraints: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The dotted name on a session: ``invoices.create``."""
        return f"{self.module}.{self.method_name}"

    @property
    def path_inputs(self) -> list[Input]:
        """The path arguments, in template order."""
        order = re.findall(r"\{([^}]+)\}", self.path)
        by_name = {i.wire: i for i in self.inputs if i.where == "path"}
        return [by_name[name] for name in order]

    @property
    def batched(self) -> str | None:
        """The list of ids a bulk action takes (``ids:`` in the overlay, on a path naming no
        record): sent 25 to a request, one request after another, the call answering the list
        of their results. An action on one record (merge) sends its ids in one request."""
        if self.shape != "action" or self.path_inputs:
            return None
        return next((i.name for i in self.keyword_inputs if i.where == "query" and i.spec == IDS), None)

    @property
    def keyword_inputs(self) -> list[Input]:
        """Everything but the path arguments."""
        return [i for i in self.inputs if i.where != "path"]


@dataclass
class ModulePlan:
    """One Books module: its session attribute, operations and models."""

    document: str
    attribute: str
    title: str
    operations: list[OpPlan] = field(default_factory=list)
    models: dict[str, ModelDef] = field(default_factory=dict)

    @property
    def class_name(self) -> str:
        """The resource class: ``Invoices``."""
        return camel(self.attribute)


def load_overlay(path: Path = OVERLAY) -> dict[str, Any]:
    """The overlay file as data."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)


def split_glued(word: str, words: frozenset[str]) -> str:
    """``purchaseorder`` -> ``purchase_order`` when the word is made only of known ``words``."""
    if "_" in word or word in words:
        return word

    def split(rest: str) -> list[str] | None:
        if not rest:
            return []
        for size in range(len(rest), 0, -1):
            if rest[:size] in words:
                tail = split(rest[size:])
                if tail is not None:
                    return [rest[:size], *tail]
        return None

    parts = split(word)
    return "_".join(parts) if parts else word


def derive_method_name(operation_id: str, nouns: list[str]) -> tuple[str, bool]:
    """The operation id without the first run of one of the module's nouns.

    Returns the name and whether the removed noun was plural (for telling ``approve`` from
    ``approve_many`` when both exist).
    """
    tokens = operation_id.split("_")
    best: tuple[int, int, str] | None = None
    for noun in nouns:
        parts = noun.split("_")
        for start in range(len(tokens) - len(parts) + 1):
            if tokens[start : start + len(parts)] == parts:
                candidate = (start, -len(parts), noun)
                if best is None or candidate < best:
                    best = candidate
                break
    if best is None:
        return operation_id, False
    start, negative_length, noun = best
    rest = tokens[:start] + tokens[start - negative_length :]
    while len(rest) > 1 and rest[-1] in TRAILING:
        rest.pop()
    plural = noun.endswith("s") and singular(noun) != noun
    return "_".join(rest) or operation_id, plural


def _answer(doc: OperationDoc) -> tuple[str, str | None, Schema | None]:
    """The answer's shape, its key and the schema of what the key holds."""
    if not doc.response_media.startswith("application/json"):
        return "file", None, None
    properties = (doc.response or {}).get("properties") or {}
    keys = [key for key in properties if key not in ENVELOPE]
    if not keys:
        return "action", None, None
    if len(keys) == 1:
        key = keys[0]
        schema = properties[key] or {}
        items = schema.get("items") if schema.get("type") == "array" or "items" in schema else None
        if items is not None and (items.get("properties") or items.get("type") == "object"):
            paged = "page_context" in properties or PAGING <= {p.name for p in doc.params}
            return ("page" if paged and doc.method == "GET" else "list"), key, items
        if schema.get("properties"):
            return "object", key, schema
    return "answer", None, doc.response


def _correct_fields(module: ModulePlan, corrections: dict[str, Any]) -> None:
    """The overlay's ``field_types``: ``Class.field: {type, evidence}``, where a real answer shows
    a kind that neither the document nor a general rule gives."""
    for target, entry in corrections.items():
        where = f"{module.document}: field_types {target}"
        cls, _, name = target.partition(".")
        definition = module.models.get(cls)
        if definition is None or name not in definition.fields:
            raise OverlayError(f"{where}: no such class or field")
        if not isinstance(entry, dict) or set(entry) != {"type", "evidence"}:
            raise OverlayError(f"{where}: give exactly type and evidence")
        check_evidence(where, entry["evidence"])
        kind = parse_kind(entry["type"])
        if definition.fields[name] == kind:
            raise OverlayError(f"{where}: {entry['type']} is what the documents already give")
        definition.fields[name] = kind


def check_evidence(where: str, evidence: Any) -> None:
    """A correction's evidence, when it names a real answer kept in the repository, must exist."""
    if evidence is None:
        return
    if not isinstance(evidence, str) or not evidence.strip():
        raise OverlayError(f"{where}: evidence must name a real answer or a source")
    kept = Path(__file__).resolve().parent.parent / evidence
    if evidence.startswith("tests/data/real/") and not kept.is_file():
        raise OverlayError(f"{where}: the evidence {evidence} is not in the repository")


def _without_envelope(schema: Schema) -> Schema:
    properties = {k: v for k, v in (schema.get("properties") or {}).items() if k not in ENVELOPE}
    return {**schema, "properties": properties}


def input_spec(name: str, schema: Schema) -> Any:
    """The run-time check of one input, as compact data (see ``zbooks_async/fields.py``)."""
    kind_of = schema.get("type")
    if schema.get("format") == "binary":
        return "file"
    if kind_of == "array" or "items" in schema:
        return ["list", input_spec(singular(name), schema.get("items") or {})]
    if kind_of == "object" or "properties" in schema:
        nested = {
            key: input_spec(key, sub or {})
            for key, sub in sorted((schema.get("properties") or {}).items())
            if is_usable_name(key) or key.isidentifier()
        }
        return ["object", nested]
    if kind_of == "boolean":
        return "bool"
    if is_id(name):
        return "id"
    if _takes_percent(name, schema):
        return "percent"
    if kind_of in ("integer", "number"):
        return "money" if is_money(name, schema) else ("int" if kind_of == "integer" else "money")
    if kind_of == "string":
        if name == "date" or name.endswith("_date"):
            if "date and time" in str(schema.get("description") or "").lower():
                return "datetime"  # registers' bulk actions: "Date and time of the bulk action"
            return "date"  # a date, or its YYYY-MM-DD text
        example = schema.get("example")
        if name.endswith("_time") and isinstance(example, str) and TIMESTAMP_EXAMPLE.fullmatch(example):
            return "datetime"  # last_modified_time=2013-11-18T02:02:51-0800: an aware moment
        if isinstance(example, int | float) and not isinstance(example, bool):
            return "str|int"  # text the document's own example gives as a number (zip 94588)
        return "str"
    return "any"


PERCENT = re.compile(r"\bpercentage\b", re.IGNORECASE)


def _takes_percent(name: str, schema: Schema) -> bool:
    """A discount the document says is "either a percentage or a flat amount" ("10%" or 10)."""
    description = str(schema.get("description") or "")
    return "discount" in name and bool(PERCENT.search(description)) and "amount" in description


def is_text_path(name: str, schema: Schema, example: Any) -> bool:
    """A path parameter that is free text rather than a Zoho id: not named like an id, or its
    documented example is not digits (``cm_debtor``, ``inv_review``, ``external_status``)."""
    if schema.get("type") not in ("string", None):
        return False
    shown = schema.get("example", example)
    return not is_id(name) or (isinstance(shown, str) and bool(shown) and not shown.isdigit())


def array_keyword(doc: OperationDoc, path: str) -> str:
    """The keyword of a JSON-array body: ``custom_fields`` for custom fields, else the plural
    noun of the path's first segment (``tasks``)."""
    items = (doc.body or {}).get("items") or {}
    if "custom" in doc.operation_id or "customfield_id" in (items.get("properties") or {}):
        return "custom_fields"
    return path.strip("/").split("/")[0].split("{")[0] or "items"


def _input_kind(spec: Any) -> Kind:
    if isinstance(spec, list):
        if spec[0] == "enum":
            return Kind("str")
        if spec[0] == "list":
            return Kind("list", item=_input_kind(spec[1]))
        return Kind("dict")
    return Kind(spec)


def _python_name(wire: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", wire.lower()).strip("_")


ALLOWED = re.compile(r"allowed values?\s*(?:are|:)?", re.IGNORECASE)


def allowed_values(description: str) -> list[str]:
    """The values a description lists after "Allowed values" (as <code>...</code>), if any."""
    match = ALLOWED.search(description or "")
    if match is None:
        return []
    found = []
    for code in re.findall(r"<code>([^<]+)</code>", description[match.end() :]):
        # Some documents put a whole list in one <code>: "name, email, user_role and status".
        found.extend(part.strip() for part in re.split(r",\s*|\s+and\s+", code) if part.strip())
    return list(dict.fromkeys(found))


def _inputs(
    doc: OperationDoc,
    shape: str,
    path: str,
    allowed: dict[str, list[str]],
    required_body: bool = False,
    optional: frozenset[str] = frozenset(),
) -> list[Input]:
    found: list[Input] = []
    for param in doc.params:
        if param.name == "JSONString" or (shape == "page" and param.name in PAGING):
            continue
        where = "file" if param.schema.get("format") == "binary" else param.location
        shown = param.schema if param.example is None else {"example": param.example, **param.schema}
        spec = input_spec(param.name, shown)
        if where == "query" and isinstance(spec, list):
            spec = "str"  # a query carries text; lists go comma-separated as Zoho documents
        if where == "query" and spec == "str":
            values = list(allowed.get(param.name) or ())
            if not values:
                # The schema's enum and the description's list: each is often a part of the truth.
                listed = [str(value) for value in param.schema.get("enum") or ()]
                values = list(dict.fromkeys([*listed, *allowed_values(param.description)]))
            if values and isinstance(param.example, str) and param.example and param.example not in values:
                values.append(param.example)  # the document's own example is allowed too
            if values:
                spec = ["enum", values]
        name = param.name if where == "path" else _python_name(param.name)
        if where != "path" and name in RESERVED:
            name += "_"
        found.append(
            Input(
                name=name,
                wire=param.name,
                where=where,
                kind=_input_kind(spec),
                spec=spec,
                required=param.required and where == "path",
                description=param.description,
                example=param.example,
            )
        )
    body = doc.body or {}
    if body.get("type") == "array" or "items" in body:
        # A JSON-array body (update_custom_fields, tasks.update_many): one keyword carries it.
        name = array_keyword(doc, path)
        spec = input_spec(name, body)
        description = str(body.get("description") or "")
        found.append(Input(name, name, "array", _input_kind(spec), spec, True, description))
        body = {}
    # A field the document marks required is enforced only where its own example sends it:
    # some examples leave out fields their schema requires, and those examples must still work.
    shown = example_of(body) if body else None
    shown_keys = set(shown) if isinstance(shown, dict) else set()
    must = (set(body.get("required") or ()) & shown_keys) - optional if required_body else set()
    for prop, schema in (body.get("properties") or {}).items():
        if not is_usable_name(prop):
            continue
        spec = input_spec(prop, schema or {})
        if spec == "str" and allowed.get(prop):  # the overlay's values, as for a query
            spec = ["enum", list(allowed[prop])]
        found.append(
            Input(
                name=prop + "_" if prop in RESERVED else prop,
                wire=prop,
                where="file" if spec == "file" else "body",
                kind=_input_kind(spec),
                spec=spec,
                required=prop in must,
                description=str((schema or {}).get("description") or ""),
                example=(schema or {}).get("example"),
            )
        )
    documented = {i.wire for i in found if i.where == "path"}
    for placeholder in re.findall(r"\{([^}]+)\}", path):
        if placeholder not in documented:  # some documents leave a path parameter out
            found.append(Input(placeholder, placeholder, "path", Kind("id"), "id", True, ""))
    found = [i for i in found if i.where != "path" or f"{{{i.wire}}}" in path]
    names = [i.name for i in found]
    clash = {n for n in names if names.count(n) > 1}
    if clash:  # a query parameter named like a body field: the body wins, it carries the data
        found = [i for i in found if not (i.name in clash and i.where == "query")]
    return found


def build_plan(documents: dict[str, list[OperationDoc]] | None = None) -> list[ModulePlan]:
    """The whole plan, modules sorted by attribute name, operations by name."""
    documents = documents if documents is not None else read_all()
    overlay = load_overlay()
    modules_overlay: dict[str, Any] = overlay["modules"]
    renames: dict[str, dict[str, Any]] = overlay.get("operations") or {}
    missing = sorted(set(documents) - set(modules_overlay))
    if missing:
        raise OverlayError(f"documents without an overlay entry under modules: {missing}")
    plans = []
    for document, docs in documents.items():
        settings = modules_overlay[document]
        if "skip" in settings:
            continue
        module = ModulePlan(
            document=document,
            attribute=settings["attribute"],
            title=document.replace("-", " "),
        )
        files = set((overlay.get("files") or {}).get(document) or ())
        entries = {key: dict(value) for key, value in (renames.get(document) or {}).items()}
        for operation_id in files:
            entries.setdefault(operation_id, {})["shape"] = "file"
        _plan_operations(module, docs, settings, entries, overlay)
        _plan_classes(module, docs, (overlay.get("classes") or {}).get(document) or {})
        _correct_fields(module, (overlay.get("field_types") or {}).get(document) or {})
        plans.append(module)
    for document, docs in documents.items():
        if "skip" in modules_overlay[document]:
            _merge_repeated(plans, docs)
    _widen_nested(plans)
    apply_constraints(plans, overlay.get("constraints") or {})
    return sorted(plans, key=lambda plan: plan.attribute)


NUMBER_LIMITS = frozenset({"minimum", "maximum", "exclusive_minimum", "exclusive_maximum"})
CONSTRAINT_KINDS = NUMBER_LIMITS | {"not_blank", "differs_from"}
NUMBER_SPECS = frozenset({"int", "money"})
TEXT_SPECS = frozenset({"str", "str|int"})


def apply_constraints(plans: list[ModulePlan], section: dict[str, Any]) -> None:
    """The overlay's ``constraints`` (document -> operation id -> keyword -> facts) onto the
    operations: each fact of a kind the checker knows, on a keyword of a kind it fits, with its
    evidence. Numbers: ``minimum``/``maximum`` (inclusive), ``exclusive_minimum``/
    ``exclusive_maximum``; text: ``not_blank``; an id or list of ids: ``differs_from: <path id>``."""
    by_document = {plan.document: plan for plan in plans}
    for document, operations in section.items():
        if document not in by_document:
            raise OverlayError(f"constraints: {document} is not a generated document")
        ops = {op.doc.operation_id: op for op in by_document[document].operations}
        for operation_id, keywords in operations.items():
            if operation_id not in ops:
                raise OverlayError(f"constraints: {document}: no operation {operation_id}")
            op = ops[operation_id]
            inputs = {i.name: i for i in op.keyword_inputs}
            for name, facts in keywords.items():
                where = f"constraints: {document}: {operation_id}: {name}"
                facts = dict(facts)
                evidence = facts.pop("evidence", None)
                if evidence is None:
                    raise OverlayError(f"{where}: give the evidence (a document's words or Zoho's behaviour)")
                check_evidence(where, evidence)
                if name not in inputs or not facts or not set(facts) <= CONSTRAINT_KINDS:
                    raise OverlayError(f"{where}: {sorted(facts)} (kinds: {sorted(CONSTRAINT_KINDS)})")
                spec = inputs[name].spec
                numbers = set(facts) & NUMBER_LIMITS
                if numbers and spec not in NUMBER_SPECS:
                    raise OverlayError(f"{where}: {sorted(numbers)} needs a number, not {spec!r}")
                if any(not isinstance(facts[kind], int) for kind in numbers):
                    raise OverlayError(f"{where}: number limits are whole numbers")
                if "not_blank" in facts and (facts["not_blank"] is not True or spec not in TEXT_SPECS):
                    raise OverlayError(f"{where}: not_blank: true fits a text keyword, not {spec!r}")
                other = facts.get("differs_from")
                path_ids = {i.wire for i in op.path_inputs}
                if other is not None and (other not in path_ids or spec not in ("id", IDS)):
                    raise OverlayError(f"{where}: differs_from names a path id, on an id keyword")
                op.constraints[name] = facts


# -- nested request objects -----------------------------------------------------------------------

MODEL_SPECS = {"literal": "str", "dict": "any"}


def _model_spec(module: ModulePlan, kind: Kind, depth: int = 0) -> Any:
    """The input spec of an answer model's field: what a record read from Zoho carries."""
    if kind.code == "list" and kind.item is not None:
        return ["list", _model_spec(module, kind.item, depth)]
    if kind.code == "model" and kind.model in module.models and depth < 4:
        fields = module.models[kind.model].fields
        return ["object", {name: _model_spec(module, sub, depth + 1) for name, sub in sorted(fields.items())}]
    if kind.code == "model":
        return ["object", {}]
    return MODEL_SPECS.get(kind.code, kind.code)


def _merge_spec(first: Any, second: Any) -> Any:
    """Two specs of one nested input: an object takes the keys of both (the first's kinds win)."""
    if not (isinstance(first, list) and isinstance(second, list)) or first[0] != second[0]:
        return first
    if first[0] == "list":
        return ["list", _merge_spec(first[1], second[1])]
    if first[0] == "object":
        if not first[1] or not second[1]:  # an undescribed object stays open
            return ["object", {}] if not first[1] else first
        keys = sorted({*first[1], *second[1]})
        return [
            "object",
            {
                k: _merge_spec(first[1][k], second[1][k])
                if k in first[1] and k in second[1]
                else first[1].get(k, second[1].get(k))
                for k in keys
            },
        ]
    return first


def _widen_nested(plans: list[ModulePlan]) -> None:
    """Zoho documents one nested object (line items, custom fields...) differently per operation:
    each nested input takes the keys its module documents for that field anywhere, the keys of
    the record an answer carries under that name (an update sends back what a read gave,
    ``line_item_id`` included), and custom fields the keys any document gives them."""
    custom: Any = ["list", ["object", {}]]
    for module in plans:
        for op in module.operations:
            for item in op.keyword_inputs:
                if item.wire == "custom_fields" and _is_objects(item.spec):
                    custom = _merge_spec(custom, item.spec) if custom[1][1] else item.spec
    for module in plans:
        seen: dict[str, Any] = {}
        for op in module.operations:
            for item in op.keyword_inputs:
                if _is_objects(item.spec):
                    earlier = seen.get(item.wire)
                    seen[item.wire] = item.spec if earlier is None else _merge_spec(earlier, item.spec)
        for op in module.operations:
            model = module.models.get(op.model or "")
            for item in op.keyword_inputs:
                if not _is_objects(item.spec):
                    continue
                spec = _merge_spec(item.spec, seen[item.wire])
                if model is not None and item.wire in model.fields:
                    spec = _merge_spec(spec, _model_spec(module, model.fields[item.wire]))
                if item.wire == "custom_fields":
                    spec = _merge_spec(spec, custom)
                    if "value" in spec[1][1]:  # a custom field holds text, a number, a date, a boolean...
                        spec[1][1] = {**spec[1][1], "value": "any"}
                item.spec = spec


def _is_objects(spec: Any) -> bool:
    """An object or a list of objects with documented keys."""
    if isinstance(spec, list) and spec[0] == "list":
        return _is_objects(spec[1])
    return isinstance(spec, list) and spec[0] == "object" and bool(spec[1])


def _shape_key(method: str, path: str) -> tuple[str, str]:
    return method, re.sub(r"\{[^}]+\}", "{}", path)


def _merge_repeated(plans: list[ModulePlan], docs: list[OperationDoc]) -> None:
    """A skipped document that documents another module's endpoints again (customer debit notes
    are invoices with ``type: debit_note``) adds the inputs it documents and the other lacks."""
    by_endpoint = {_shape_key(op.doc.method, op.doc.path): op for module in plans for op in module.operations}
    for doc in docs:
        target = by_endpoint.get(_shape_key(doc.method, doc.path))
        if target is None:
            continue
        known = {(i.where, i.wire) for i in target.inputs}
        names = {i.name for i in target.inputs}
        for item in _inputs(doc, target.shape, doc.path, {}):
            if item.where != "path" and (item.where, item.wire) not in known and item.name not in names:
                target.inputs.append(item)


def _plan_operations(
    module: ModulePlan,
    docs: list[OperationDoc],
    settings: dict[str, Any],
    entries: dict[str, Any],
    overlay: dict[str, Any],
) -> None:
    unknown = sorted(set(entries) - {doc.operation_id for doc in docs})
    if unknown:
        raise OverlayError(f"{module.document}: overlay names operations the document lacks: {unknown}")
    nouns = settings.get("nouns") or []
    derived = {doc.operation_id: derive_method_name(doc.operation_id, nouns) for doc in docs}
    counts: dict[str, int] = defaultdict(int)
    for name, _ in derived.values():
        counts[name] += 1
    reader = KindReader(module.models)
    model_prefix = camel(singular(module.attribute))
    idempotent_prefixes = tuple(overlay.get("idempotent_posts") or ())
    words = frozenset(overlay.get("words") or ())
    renamed_models: dict[str, str] = (overlay.get("models") or {}).get(module.document) or {}
    optional: dict[str, list[str]] = (overlay.get("not_required") or {}).get(module.document) or {}
    organization_less = set((overlay.get("organization_less") or {}).get(module.document) or ())
    unknown_less = organization_less - {doc.operation_id for doc in docs}
    if unknown_less:
        raise OverlayError(
            f"{module.document}: organization_less names operations it lacks: {sorted(unknown_less)}"
        )
    written = set((overlay.get("classes") or {}).get(module.document) or {})
    known = collections(entries.get(doc.operation_id, {}).get("path", doc.path) for doc in docs)

    group_words = words | frozenset(overlay.get("group_words") or ())
    topics: dict[str, str] = (overlay.get("topics") or {}).get(module.document) or {}
    naming = Module(known, lambda word: split_glued(word, group_words), tuple(nouns), topics)

    for doc in docs:
        entry = entries.get(doc.operation_id) or {}
        unknown_keys = sorted(set(entry) - OPERATION_KEYS)
        if unknown_keys:
            raise OverlayError(f"{module.document}: {doc.operation_id}: unknown keys {unknown_keys}")
        check_evidence(f"{module.document}: {doc.operation_id}", entry.get("evidence"))
        name, plural = derived[doc.operation_id]
        if counts[name] > 1 and plural:
            name += "_many"
        headers = [p.name for p in doc.params if p.location == "header"]
        path = entry.get("path", doc.path)
        if "name" in entry:
            name = entry["name"]
            broken = problem(name, doc.method, path, headers, naming)
            if broken and not entry.get("why"):
                raise OverlayError(
                    f"{module.document}: {doc.operation_id}: the name {name} breaks the naming rule"
                    f" ({broken}); give why: with the fact that makes it so"
                )
        else:
            name = conform(name, doc.method, path, headers, naming)
        shape, key, schema = _answer(doc)
        # General rules from real answers (tests/data/real/): a module's ``get`` answers one
        # record even where its document shows a one-item list (sales orders), its ``list`` is a
        # page of records even where the document shows one object (credit notes).
        if doc.method == "GET" and name == "get" and shape == "list":
            shape = "object"
        elif doc.method == "GET" and name == "list" and shape == "object":
            shape = "page"
        elif doc.method in ("POST", "PUT") and shape == "list" and key is not None and singular(key) == key:
            # A write answers the one record it made or changed under a singular key, though
            # documented as a one-item list (vendor payments' update, sales orders' create).
            shape = "object"
        records = ("object", "list", "page")
        if entry.get("shape", shape) != shape:
            if entry["shape"] in records and shape in records:
                shape = entry["shape"]  # the same record in another container, as real answers show
            elif entry["shape"] in records and shape == "answer" and "key" in entry:
                # Fields documented at the top level that real answers carry under a key.
                shape, schema = entry["shape"], _without_envelope(doc.response or {})
            else:
                shape = entry["shape"]
                if shape == "file" or entry.get("model") not in written:
                    key, schema = None, None
        if "key" in entry:  # the answer's key where the document shows only {code, message}
            key = entry["key"]
            shape = "object" if shape == "action" else shape
        model: str | None = None
        if ":" in str(entry.get("model", "")):
            raise OverlayError(
                f"{module.document}: {doc.operation_id}: model names a class, not an import path"
            )
        if entry.get("model") in written:  # a class the overlay writes out (classes)
            model = entry["model"]
            shape = "object" if shape == "action" else shape
        elif shape in ("object", "list", "page") and key is not None and schema is not None:
            model = entry.get("model") or camel(split_glued(singular(key), words))
            model = renamed_models.get(model, model)
            noun = singular(key).replace("_", " ")
            article = "An" if noun[:1] in "aeiou" else "A"
            reader.model(model, schema, f"{article} {noun}, as Zoho's {module.title} answers carry it.")
        elif shape == "answer":
            model = entry.get("model") or f"{model_prefix}{camel(name.replace('.', '_'))}Answer"
            reader.model(model, doc.response or {}, f"The answer of {module.attribute}.{name}.")
            module.models[model].fields.pop("code", None)
            module.models[model].fields.pop("message", None)
        if model is None and shape in ("object", "list", "page", "answer"):
            raise OverlayError(
                f"{module.document}: {doc.operation_id}: a {shape} answer needs its model (model:)"
            )
        idempotent = doc.method in ("GET", "PUT", "DELETE") or (
            shape == "action" and name.startswith(idempotent_prefixes)
        )
        module.operations.append(
            OpPlan(
                doc=doc,
                module=module.attribute,
                method_name=name,
                path=entry.get("path", doc.path),
                shape=shape,
                key=key,
                model=model,
                idempotent=bool(entry.get("idempotent", idempotent)),
                inputs=_inputs(
                    doc,
                    shape,
                    entry.get("path", doc.path),
                    entry.get("allowed") or {},
                    required_body=name == "create",
                    optional=frozenset(optional.get(doc.operation_id) or ()),
                ),
                text_params=tuple(
                    sorted(
                        {
                            *(entry.get("text_params") or ()),
                            *(
                                param.name
                                for param in doc.params
                                if param.location == "path"
                                and is_text_path(param.name, param.schema, param.example)
                            ),
                        }
                    )
                ),
                answer_fields=frozenset((schema or {}).get("properties") or ()),
                example=entry.get("example"),
                organization=doc.operation_id not in organization_less,
            )
        )
        _apply_facts(module.operations[-1], entry)
    for op in module.operations:
        if op.method_name == "get" and op.shape == "object" and op.model and op.key:
            # Every answer carrying a record carries its id: the one field typed as always there.
            identity = f"{singular(op.key)}_id"
            answers = [other for other in module.operations if other.model == op.model]
            if all(identity in other.answer_fields for other in answers):
                module.models[op.model].required.add(identity)
        _plan_sync(module, op)
        op.pdf = op.method_name == "get" and any(p.name == "accept" for p in op.doc.params)
    names = [op.method_name for op in module.operations]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise OverlayError(f"{module.document}: two operations would share the names {repeated}")
    unused = sorted(set(topics) - {name.partition(".")[0] for name in names if "." in name})
    if unused:
        raise OverlayError(f"{module.document}: topics names sub-resources no operation is in: {unused}")
    module.operations.sort(key=lambda op: op.method_name)


OPERATION_KEYS = frozenset(
    {
        "name",
        "shape",
        "key",
        "model",
        "path",
        "idempotent",
        "text_params",
        "allowed",
        "evidence",
        "example",
        "query",
        "body",
        "path_in_body",
        "empty_body",
        "required",
        "ids",
        "why",
    }
)
IDS = ["list", "id"]
"""The spec of a query parameter that takes a list of ids (sent comma-separated, 25 at most)."""
QUERY_KINDS = {"id": "id", "date": "date", "str": "str"}
BODY_KINDS = frozenset({"str", "str|int", "id", "bool", "int", "money", "date", "file"})
EMPTY_BODY = frozenset({"default_content"})
"""What a call without fields means, when it is allowed: Zoho sends its default content."""


def _apply_facts(op: OpPlan, entry: dict[str, Any]) -> None:
    """The overlay's facts about an operation's request: query parameters and body fields the
    document omits (``query: {name: kind}``, ``body: {name: kind}``, ``list[kind]`` for a list),
    path ids Zoho also wants in the body (``path_in_body``), the
    fields a call must send (``required``), and what a call without fields means
    (``empty_body: default_content``: Zoho sends its default content; ``required`` then holds
    only for a body with fields)."""
    names = {i.name for i in op.inputs}
    for name, kind in (entry.get("query") or {}).items():
        if kind not in QUERY_KINDS or name in names:
            raise OverlayError(
                f"{op.name}: query {name}: {kind!r} (kinds: {sorted(QUERY_KINDS)}; not documented)"
            )
        values = list((entry.get("allowed") or {}).get(name) or ())
        spec: Any = ["enum", values] if values and kind == "str" else QUERY_KINDS[kind]
        op.inputs.append(Input(name, name, "query", _input_kind(spec), spec, False, ""))
    for name, kind in (entry.get("body") or {}).items():
        spec = ["list", kind[5:-1]] if kind.startswith("list[") else kind
        if name in names or (spec[1] if isinstance(spec, list) else spec) not in BODY_KINDS:
            raise OverlayError(
                f"{op.name}: body {name}: {kind!r} (kinds: {sorted(BODY_KINDS)}; not documented)"
            )
        where = "file" if spec == "file" else "body"  # a multipart upload's file field
        op.inputs.append(Input(name, name, where, _input_kind(spec), spec, False, ""))
    for name in entry.get("ids") or ():  # Zoho's comma-separated ids, at most 25 a request
        found = [i for i in op.inputs if i.name == name]
        if found and found[0].where != "query":
            raise OverlayError(f"{op.name}: ids {name}: not a query parameter")
        if not found:
            op.inputs.append(Input(name, name, "query", _input_kind(IDS), list(IDS), True, ""))
        else:
            found[0].spec, found[0].kind, found[0].required = list(IDS), _input_kind(IDS), True
    op.path_in_body = tuple(entry.get("path_in_body") or ())
    if not set(op.path_in_body) <= {i.name for i in op.path_inputs}:
        raise OverlayError(f"{op.name}: path_in_body names ids its path lacks: {list(op.path_in_body)}")
    op.empty_body = entry.get("empty_body")
    if op.empty_body is not None and op.empty_body not in EMPTY_BODY:
        raise OverlayError(f"{op.name}: empty_body is one of {sorted(EMPTY_BODY)}")
    required = tuple(entry.get("required") or ())
    # A query parameter may be required too (an address check needs its line1).
    body = {i.name: i for i in op.keyword_inputs if i.where in ("body", "array", "file", "query")}
    if not set(required) <= set(body):
        raise OverlayError(
            f"{op.name}: required names fields it lacks: {sorted(set(required) - set(body))}"
        )
    if op.empty_body is None:
        for name in required:
            body[name].required = True
    else:
        op.required = required


def _plan_sync(module: ModulePlan, op: OpPlan) -> None:
    """Whether (and how) ``changed_since`` can walk this list: Zoho sorts some lists by
    ``last_modified_time``, filters others to records modified after a time, or both."""
    if op.shape != "page" or op.method_name != "list" or op.model is None:
        return
    if "last_modified_time" not in module.models[op.model].fields:
        return
    inputs = {i.name: i.spec for i in op.keyword_inputs}

    def takes(name: str, value: str) -> bool:
        spec = inputs.get(name)
        return spec is not None and (not isinstance(spec, list) or value in spec[1])

    # Sorted newest first only where the list takes both the column and the order.
    sorts = takes("sort_column", "last_modified_time") and takes("sort_order", "D")
    filters = "last_modified_time" in inputs
    if sorts or filters:
        op.sync = "both" if sorts and filters else ("sorted" if sorts else "filtered")
        identity = f"{singular(op.key or '')}_id"
        op.identity = identity if identity in module.models[op.model].fields else None


# -- classes the overlay writes out (a hand-written module's models) ------------------------------

CLASS_KEYS = frozenset({"from", "doc", "base", "fields", "left_out"})
FIELD_KEYS = frozenset({"type", "note", "required"})
BASES = frozenset({"Model", "ActionResult"})
"""The classes of ``zbooks_async.models.base`` an overlay class may extend."""


def source_schema(docs: list[OperationDoc], source: str) -> Schema:
    """The schema an overlay class takes fields from: ``<operation id>`` (the record its answer
    carries), ``<operation id>/answer`` (the whole answer), ``<operation id>/body`` (what its
    request sends), then ``/<field>`` steps into a nested object or into a list's items."""
    operation_id, *steps = source.split("/")
    by_id = {doc.operation_id: doc for doc in docs}
    if operation_id not in by_id:
        raise OverlayError(f"class source {source!r}: the document has no operation {operation_id!r}")
    doc = by_id[operation_id]
    schema: Schema | None
    if steps[:1] == ["body"]:
        schema, steps = doc.body, steps[1:]
    elif steps[:1] == ["answer"]:
        schema, steps = doc.response, steps[1:]
    else:
        _, _, schema = _answer(doc)
    for step in steps:
        schema = ((schema or {}).get("properties") or {}).get(step)
        if schema is not None and (schema.get("type") == "array" or "items" in schema):
            schema = schema.get("items")
    if not (schema or {}).get("properties"):
        raise OverlayError(f"class source {source!r}: the document describes no object there")
    assert schema is not None
    return schema


def _field_entry(item: Any, owner: str) -> tuple[str, dict[str, Any]]:
    """One item of a class's ``fields``: a bare name, or ``name: type`` / ``name: {type, note, required}``."""
    if isinstance(item, str):
        return item, {}
    if isinstance(item, dict) and len(item) == 1:
        ((name, spec),) = item.items()
        if isinstance(spec, str):
            return str(name), {"type": spec}
        if isinstance(spec, dict) and set(spec) <= FIELD_KEYS:
            return str(name), dict(spec)
    shapes = "a name, {name: type} or {name: {type, note, required}}"
    raise OverlayError(f"{owner}: a field is {shapes}: {item!r}")


def plan_class(
    name: str, entry: dict[str, Any], docs: list[OperationDoc], inherited: frozenset[str] = frozenset()
) -> ModelDef:
    """One class the overlay lists: its fields in the overlay's order, each typed as the
    documents type it unless the overlay gives a type (which must then differ from theirs)."""
    unknown = sorted(set(entry) - CLASS_KEYS)
    if unknown:
        raise OverlayError(f"{name}: unknown class keys {unknown}")
    sources = entry.get("from") or []
    sources = [sources] if isinstance(sources, str) else list(sources)
    documented: dict[str, Schema] = {}
    for source in sources:
        for prop, sub in (source_schema(docs, source).get("properties") or {}).items():
            if is_usable_name(prop):
                documented.setdefault(prop, sub or {})
    definition = ModelDef(name=name, doc=str(entry.get("doc") or "").strip(), base=entry.get("base", "Model"))
    scratch = KindReader({})
    for item in entry.get("fields") or []:
        field_name, spec = _field_entry(item, name)
        if field_name in definition.fields or field_name in inherited or not is_usable_name(field_name):
            raise OverlayError(f"{name}.{field_name}: listed twice, or not usable as an attribute")
        derived = scratch.kind(field_name, documented[field_name], name) if field_name in documented else None
        if "type" in spec:
            try:
                kind = parse_kind(str(spec["type"]))
            except ValueError as error:
                raise OverlayError(f"{name}.{field_name}: {error}") from None
            if kind == derived and not models_in(kind):  # a nested class is always named
                raise OverlayError(f"{name}.{field_name}: the type {spec['type']!r} repeats the documents'")
        elif derived is None:
            raise OverlayError(f"{name}.{field_name}: the documents do not give this field; give its type")
        elif models_in(derived):
            raise OverlayError(f"{name}.{field_name}: documented as a nested object; name its class (type)")
        else:
            kind = derived
        definition.fields[field_name] = kind
        if spec.get("required"):
            definition.required.add(field_name)
        if spec.get("note"):
            definition.notes[field_name] = " ".join(str(spec["note"]).split())
    left_out = set(entry.get("left_out") or ())
    unlisted = sorted(set(documented) - set(definition.fields) - left_out - inherited)
    if unlisted:
        raise OverlayError(f"{name}: documented fields neither listed nor left_out: {unlisted}")
    stale = sorted(left_out - set(documented))
    if stale:
        raise OverlayError(f"{name}: left_out names fields the documents do not give: {stale}")
    return definition


def _plan_classes(module: ModulePlan, docs: list[OperationDoc], classes: dict[str, Any]) -> None:
    """The overlay's classes of ``module``, checked: bases known and listed earlier, every class
    a field names defined. An overlay class replaces the class an answer would give of the same
    name; derived classes then left unused by operations and classes are dropped."""
    if not classes:
        return
    for name, entry in classes.items():
        base = (entry or {}).get("base", "Model")
        if base not in BASES and base not in classes:
            raise OverlayError(f"{name}: its base {base} is not a class the overlay lists")
        if base in classes and list(classes).index(base) > list(classes).index(name):
            raise OverlayError(f"{name}: its base {base} must be listed before it")
        inherited = frozenset(_all_fields(module.models, base))
        module.models[name] = plan_class(name, entry or {}, docs, inherited)
    used: set[str] = set()
    pending = [op.model for op in module.operations if op.model and ":" not in op.model] + list(classes)
    while pending:
        name = pending.pop()
        if name in used or name not in module.models:
            continue
        used.add(name)
        definition = module.models[name]
        pending.append(definition.base)
        pending.extend(model for kind in definition.fields.values() for model in models_in(kind))
    module.models = {name: definition for name, definition in module.models.items() if name in used}
    for definition in module.models.values():
        for field_name, kind in definition.fields.items():
            missing = [model for model in models_in(kind) if model not in module.models]
            if missing:
                where = f"{definition.name}.{field_name}"
                raise OverlayError(f"{where}: no class {missing[0]} ({kind_text(kind)})")


def _all_fields(models: dict[str, ModelDef], name: str) -> list[str]:
    """The fields class ``name`` has, its bases' included (none for Model and ActionResult)."""
    if name not in models:
        return []
    return [*_all_fields(models, models[name].base), *models[name].fields]
