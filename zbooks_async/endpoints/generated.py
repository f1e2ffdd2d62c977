"""What every generated resource shares: one call path driven by the operation's own facts.

A generated function only names its operation and passes its arguments; the ``Operation``
says how to send them (``inputs``) and how to read the answer (``shape``, ``key``, ``model``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from ..batching import in_batches
from ..converter import format_timestamp, unstructure
from ..fields import batched, file_parts, prepare
from ..inputs import require_change, require_fields
from ..models.base import ActionResult, Model
from ..operations import Operation, check_id
from ..pagination import Paginator
from ..pipeline.values import RequestOptions, Response
from ..sync import Changes, mark_from
from .base import PathParams, Resource, read_answer, request_body

T = TypeVar("T")

_CLASSES: dict[tuple[str, str], type[Any]] = {}


def model_class(operation: Operation) -> type[Any]:
    """The model class an operation's answer is read into: the module's generated class of
    that name, its module imported on first use."""
    if operation.model is None:
        return ActionResult
    key = (operation.module, operation.model)
    found = _CLASSES.get(key)
    if found is None:
        module = importlib.import_module(f"zbooks_async._generated.models.{operation.module}")
        found = _CLASSES[key] = getattr(module, operation.model)
    return found


def _changes_something(operation: Operation) -> bool:
    """An update (PUT) whose document gives it fields: without any, it would change nothing."""
    fields = ("body", "array", "file")
    return operation.method == "PUT" and any(entry[0] in fields for entry in operation.inputs.values())


def _path(operation: Operation, args: tuple[object, ...]) -> PathParams:
    return dict(zip(operation.path_params, args, strict=True))


def _read(operation: Operation, path: PathParams, response: Response) -> Any:
    """The answer as the operation's ``shape`` says: one model, a list of them, or the whole."""
    shape = operation.shape
    if shape == "object":
        return read_answer(operation, path, response, model_class(operation), operation.key)
    if shape == "list":
        return read_answer(operation, path, response, list[model_class(operation)], operation.key)  # type: ignore[arg-type,misc]
    return read_answer(operation, path, response, model_class(operation))


class GeneratedResource(Resource):
    """The base of every generated module resource (``books.invoices`` ...)."""

    async def _call(
        self,
        operation: Operation[T],
        args: tuple[object, ...],
        params: Mapping[str, Any],
        options: RequestOptions | None,
        model: Model | None = None,
    ) -> T:
        """Send ``operation``: ``params`` checked and sorted by its ``inputs``; for an update,
        ``model`` (a record read from Zoho) sent as the body, overlaid with the keywords; an
        action on a list of ids sent 25 ids a request, answering the list of results."""
        ids = batched(operation)
        if ids is not None and params.get(ids) is not None:
            rest = {name: value for name, value in params.items() if name != ids}
            operation.build_path(_path(operation, args))  # a bad id fails before the first batch
            prepare(operation, {**rest, ids: ["0"]})  # and so does a bad keyword
            results: Any = await in_batches(
                lambda **one: self._call_one(operation, args, {**rest, ids: one[ids].split(",")}, options),
                params[ids],
                param=ids,
            )
            return cast("T", results)
        return await self._call_one(operation, args, params, options, model)

    async def _call_one(
        self,
        operation: Operation[T],
        args: tuple[object, ...],
        params: Mapping[str, Any],
        options: RequestOptions | None,
        model: Model | None = None,
    ) -> T:
        path = _path(operation, args)
        operation.build_path(path)  # a bad id fails here, before the body is looked at
        prepared = prepare(operation, params, path)
        if model is not None:
            if not isinstance(model, Model):
                kind = type(model).__name__
                raise TypeError(f"{operation.name}: expected a model read from Zoho, not a {kind}")
            body: dict[str, Any] = unstructure(model)
            if isinstance(prepared.body, dict):
                body.update(prepared.body)  # the keywords win over the model's fields
            prepared.body = body
        if not prepared.files and _changes_something(operation):
            require_change(operation.name, prepared.body)
        if operation.required and isinstance(prepared.body, dict) and prepared.body:
            # Zoho sends its default content without fields (empty_body), but a body needs these.
            require_fields(prepared.body, operation.required, operation.name)
        if operation.path_in_body:
            body = dict(prepared.body) if isinstance(prepared.body, dict) else {}
            for name in operation.path_in_body:  # Zoho wants these ids in the body as well
                body[name] = check_id(name, path[name])
            prepared.body = body
        files = await file_parts(prepared) if prepared.files else ()
        if files and any(not isinstance(part.content, bytes | Path) for part in files):
            # A stream can be read once: such a request is never sent twice.
            options = attrs.evolve(options or RequestOptions(), max_retries=0)
        response = await self._sender.send(
            operation,
            path_params=path,
            query=prepared.query,
            body=request_body(prepared.body, files),
            options=options,
            idempotent=operation.idempotent,
            headers=prepared.headers or None,
        )
        answer: T = _read(operation, path, response)
        return answer

    def _paginate(
        self,
        operation: Operation[T],
        args: tuple[object, ...],
        params: Mapping[str, Any],
        options: RequestOptions | None,
        per_page: int,
        page: int,
    ) -> Paginator[T]:
        path = _path(operation, args)
        operation.build_path(path)  # a bad id fails here, before the keywords are looked at
        query = prepare(operation, params).query
        model = model_class(operation)
        return self._list(
            operation, model, path=path, query=query, per_page=per_page, page=page, options=options
        )

    def _changes(
        self,
        operation: Operation,
        params: Mapping[str, Any],
        options: RequestOptions | None,
        per_page: int,
        mark: datetime | date | None,
        how: str,
        identity: str | None,
    ) -> Changes[Any]:
        """A ``changed_since`` walk over a list Zoho sorts or filters by ``last_modified_time``."""
        mark = mark_from(mark)  # a date means its midnight UTC
        query = dict(params)
        if how in ("sorted", "both") and ("sort_column" in query or "sort_order" in query):
            raise TypeError("changed_since sorts by last_modified_time itself: drop sort_column/sort_order")
        if how in ("sorted", "both"):
            query.update(sort_column="last_modified_time", sort_order="D")
        if how in ("filtered", "both") and mark is not None:
            # Zoho keeps "modified after": one second earlier keeps the mark's own second in.
            query["last_modified_time"] = format_timestamp(mark - timedelta(seconds=1))
        listing = self._paginate(operation, (), query, options, per_page, 1)
        return Changes(
            listing,
            mark,
            modified=lambda record: record.last_modified_time,
            identity=(lambda record: getattr(record, identity)) if identity else (lambda record: None),
            ordered=how != "filtered",
        )

    async def _file(
        self,
        operation: Operation,
        args: tuple[object, ...],
        params: Mapping[str, Any],
        options: RequestOptions | None,
        to: Path | None,
    ) -> bytes | Path:
        path = _path(operation, args)
        operation.build_path(path)
        query = prepare(operation, params).query
        if to is None:
            return await self._download(operation, path=path, query=query, options=options)
        return await self._save(operation, Path(to), path=path, query=query, options=options)
