"""The documents' own examples, assembled from each property's ``example`` (Zoho documents
examples per field, not per answer). Used by the tests: documented answers must decode, and
documented request bodies must be accepted as they are."""

from __future__ import annotations

from typing import Any

from .documents import OperationDoc, Schema
from .types import is_usable_name

MAX_DEPTH = 6


def example_of(schema: Schema | None, depth: int = 0) -> Any:
    """A value shaped like ``schema``, using its examples where given."""
    if not schema or depth > MAX_DEPTH:
        return None
    if "example" in schema and not (schema.get("properties") or schema.get("items")):
        return schema["example"]
    if schema.get("type") == "array" or "items" in schema:
        item = example_of(schema.get("items") or {}, depth + 1)
        return [] if item is None else [item]
    if schema.get("properties"):
        built = {}
        for name, sub in schema["properties"].items():
            value = example_of(sub or {}, depth + 1)
            if value is not None:
                built[name] = value
        return built
    return schema.get("example")


def answer_example(doc: OperationDoc) -> Any:
    """The documented answer of ``doc``, or None for a file answer."""
    answer = example_of(doc.response) if doc.response is not None else None
    if not isinstance(answer, dict):
        answer = {}
    answer.setdefault("code", 0)
    answer.setdefault("message", "success")
    return answer


ENVELOPE = ("code", "message", "page_context")


def record_answer_example(doc: OperationDoc, shape: str, key: str | None) -> Any:
    """The documented answer, in the container real answers use where the overlay or a general
    rule corrected the document (``shape`` and ``key`` as planned): a record documented at the top
    level is put under its key, a key the document misnames is renamed, a one-item list is the
    object and an object is a one-item list of records."""
    answer = answer_example(doc)
    if shape not in ("object", "list", "page") or key is None or key in answer:
        value = answer.get(key) if key is not None else None
    else:
        documented = [name for name in answer if name not in ENVELOPE]
        if len(documented) == 1 and isinstance(answer[documented[0]], dict | list):
            value = answer.pop(documented[0])
        else:
            value = {name: answer.pop(name) for name in documented}
    if key is None or shape not in ("object", "list", "page"):
        return answer
    if shape == "object" and isinstance(value, list) and len(value) == 1:
        value = value[0]
    elif shape in ("list", "page") and isinstance(value, dict):
        value = [value]
    answer[key] = value
    return answer


def body_example(doc: OperationDoc) -> dict[str, Any] | list[Any]:
    """The documented request body (its usable top-level fields; a JSON-array body whole)."""
    body = example_of(doc.body) if doc.body else None
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return {}
    return {key: value for key, value in body.items() if is_usable_name(key)}


def query_example(doc: OperationDoc) -> dict[str, Any]:
    """Documented query parameters that carry an example (by their documented names)."""
    return {
        param.name: param.example
        for param in doc.params
        if param.location == "query"
        and param.example not in (None, "")
        and param.schema.get("format") != "binary"
        and param.name not in ("page", "per_page", "JSONString")
    }
