"""Read Zoho's OpenAPI documents into plain operation records, with every ``$ref`` resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DOCUMENTS = Path(__file__).parent / "documents"
METHODS = ("get", "post", "put", "delete", "patch")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as written: libyaml when present (5x faster), and dates left as the text they are."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LOADER = _Loader
Schema = dict[str, Any]


@dataclass
class Param:
    """One documented parameter of an operation (path, query or header)."""

    name: str
    location: str
    schema: Schema
    required: bool
    description: str
    example: Any = None


@dataclass
class OperationDoc:
    """One documented operation, as Zoho's document states it."""

    document: str
    operation_id: str
    method: str
    path: str
    scope: str
    summary: str
    description: str
    params: list[Param] = field(default_factory=list)
    body: Schema | None = None
    multipart: bool = False
    response: Schema | None = None
    response_media: str = "application/json"


class Resolver:
    """Follows ``$ref`` pointers inside one document and merges ``allOf``."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components = document.get("components", {})

    def schema(self, schema: Any, seen: frozenset[str] = frozenset()) -> Any:
        """``schema`` with every reference replaced by its target (a cycle stops as ``{}``)."""
        if isinstance(schema, list):
            return [self.schema(item, seen) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                return {}
            kind, name = ref.split("/")[-2:]
            return self.schema(self.components[kind][name], seen | {ref})
        if "allOf" in schema:
            merged: Schema = {"type": "object", "properties": {}}
            for part in self.schema(schema["allOf"], seen):
                merged["properties"].update(part.get("properties", {}))
            return merged
        return {key: self.schema(value, seen) for key, value in schema.items()}


def _scope(operation: dict[str, Any]) -> str:
    for requirement in operation.get("security") or ():
        for scopes in requirement.values():
            if scopes:
                return str(scopes[0])
    return ""


def _params(resolver: Resolver, raw: list[Any]) -> list[Param]:
    found = []
    for entry in raw:
        param = resolver.schema(entry)
        found.append(
            Param(
                name=param["name"],
                location=param["in"],
                schema=param.get("schema") or {},
                required=bool(param.get("required")),
                description=str(param.get("description") or ""),
                example=param.get("example", (param.get("schema") or {}).get("example")),
            )
        )
    return found


def _response(resolver: Resolver, operation: dict[str, Any]) -> tuple[Schema | None, str]:
    for status in sorted(operation.get("responses") or {}):
        content = operation["responses"][status].get("content") or {}
        files = [media for media in content if not media.startswith("application/json")]
        if files:  # a file answer; the JSON beside it is the error Zoho sends instead
            return None, files[0]
        for media, entry in content.items():
            return resolver.schema(entry.get("schema") or {}), media
    return None, "application/json"


def _body(resolver: Resolver, operation: dict[str, Any]) -> tuple[Schema | None, bool]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    if "application/json" in content:
        return resolver.schema(content["application/json"].get("schema") or {}), False
    if "multipart/form-data" in content:
        return resolver.schema(content["multipart/form-data"].get("schema") or {}), True
    return None, False


def read_document(path: Path) -> list[OperationDoc]:
    """Every operation of one document, in document order."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    resolver = Resolver(document)
    found = []
    for route, item in document["paths"].items():
        shared = item.get("parameters") or []
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            by_name = {p.name: p for p in _params(resolver, shared)}
            by_name.update({p.name: p for p in _params(resolver, operation.get("parameters") or [])})
            body, multipart = _body(resolver, operation)
            response, media = _response(resolver, operation)
            params = [p for p in by_name.values() if p.name != "organization_id"]
            found.append(
                OperationDoc(
                    document=path.stem,
                    operation_id=operation["operationId"],
                    method=method.upper(),
                    path=route,
                    scope=_scope(operation),
                    summary=str(operation.get("summary") or "").strip(),
                    description=str(operation.get("description") or "").strip(),
                    params=params,
                    body=body,
                    multipart=multipart or any(_is_file(p.schema) for p in params),
                    response=response,
                    response_media=media,
                )
            )
    return found


def _is_file(schema: Schema) -> bool:
    return schema.get("format") == "binary"


def read_all(directory: Path = DOCUMENTS) -> dict[str, list[OperationDoc]]:
    """Every document's operations, keyed by document name (file stem), sorted by name."""
    return {path.stem: read_document(path) for path in sorted(directory.glob("*.yml"))}
