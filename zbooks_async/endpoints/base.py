"""What every resource shares: sending an operation and reading the answer into models."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

import attrs

from .. import jsoncodec
from ..converter import structure
from ..errors import MalformedResponseError, OutcomeUnknownError
from ..file_answers import HEAD_BYTES, check_file_answer, expects_pdf
from ..models.base import ActionResult
from ..models.common import PageContext
from ..operations import Operation
from ..pagination import Page, Paginator, check_response_option, record_keys
from ..pipeline.values import Body, FilePart, JsonBody, MultipartBody, RequestOptions, Response
from ..transport.download import save_bytes

T = TypeVar("T")
PathParams = dict[str, object]
QueryValue = str | int | bool | Decimal | date | None


class Sender(Protocol):
    """The session side a resource talks to (a ``ZohoBooks`` or one of its views)."""

    async def send(
        self,
        operation: Operation,
        *,
        path_params: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        body: Body | None = None,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
        expects_bytes: bool = False,
        download_to: Path | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Run ``operation`` through the pipeline and return the decoded answer."""
        ...


class Resource:
    """A group of endpoint functions; holds only the session it sends through."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    async def _fetch(
        self,
        operation: Operation,
        model: type[T],
        *,
        key: str | None = None,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """Send and structure ``answer[key]`` into ``model`` (``key``: the operation's answer key)."""
        key = answer_key(operation, key)
        response = await self._sender.send(
            operation,
            path_params=path,
            query=query,
            body=request_body(json),
            options=options,
            headers=headers,
        )
        return read_answer(operation, path, response, model, key)

    async def _answer(
        self,
        operation: Operation,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        files: Sequence[FilePart] = (),
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send and structure the whole answer (``code``, ``message`` and the rest) into ``model``.

        With ``files`` the body is multipart, the JSON going as Zoho's ``JSONString`` field. A file
        given as an async stream can be read only once, so such a request is never sent twice.
        """
        if any(not isinstance(part.content, bytes | Path) for part in files):
            options = attrs.evolve(options or RequestOptions(), max_retries=0)
        response = await self._sender.send(
            operation,
            path_params=path,
            query=query,
            body=request_body(json, files),
            options=options,
            # Whether it may be sent again is a fact of the operation (codegen/overlay.yml).
            idempotent=operation.idempotent if idempotent is None else idempotent,
        )
        return read_answer(operation, path, response, model)

    async def _action(
        self,
        operation: Operation,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        files: Sequence[FilePart] = (),
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
    ) -> ActionResult:
        """Send an operation whose answer is only ``{code, message}``."""
        return await self._answer(
            operation,
            ActionResult,
            path=path,
            query=query,
            json=json,
            files=files,
            options=options,
            idempotent=idempotent,
        )

    async def _download(
        self,
        operation: Operation,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        options: RequestOptions | None = None,
    ) -> bytes:
        """Fetch a file answer (a PDF...) whole, as bytes.

        A JSON success, or an answer that does not look like the file (``file_answers``),
        raises MalformedResponseError.
        """
        response = _document(
            operation,
            await self._sender.send(
                operation, path_params=path, query=query, options=options, expects_bytes=True
            ),
        )
        _check_file(operation, query, response, response.body[:HEAD_BYTES], len(response.body))
        return response.body

    async def _save(
        self,
        operation: Operation,
        target: Path,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        options: RequestOptions | None = None,
    ) -> Path:
        """Stream a file answer to ``target`` (the transport writes it chunk by chunk).

        The answer goes to a hidden sibling first and replaces ``target`` only once it is
        checked (``file_answers``): an answer that is not the file leaves ``target`` as it was
        and no partial file behind.
        """
        staged = target.with_name(f".{target.name}.{secrets.token_hex(6)}.download")
        try:
            response = _document(
                operation,
                await self._sender.send(
                    operation, path_params=path, query=query, options=options, download_to=staged
                ),
            )
            if response.saved_to is None:  # a transport that cannot stream handed back the bytes
                body = response.body
                _check_file(operation, query, response, body[:HEAD_BYTES], len(body))
                await save_bytes(target, body)
                return target
            head, size = await asyncio.to_thread(_head_of, response.saved_to)
            _check_file(operation, query, response, head, size)
            await asyncio.to_thread(os.replace, response.saved_to, target)
        finally:
            await asyncio.to_thread(staged.unlink, missing_ok=True)
        return target

    def _list(
        self,
        operation: Operation,
        model: type[T],
        *,
        key: str | None = None,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        per_page: int = 200,
        page: int = 1,
        options: RequestOptions | None = None,
        response_option: int | None = None,
    ) -> Paginator[T]:
        """A paginator over ``answer[key]`` items, one request per page.

        Path parameters are checked now, so a bad id fails at the call, not at iteration.
        ``response_option`` is sent as is (2: ``page_context`` carries ``total``/``total_pages``).
        """
        operation.build_path(path)
        key = answer_key(operation, key)
        filters = dict(query or {})
        if check_response_option(response_option) is not None:
            filters["response_option"] = response_option

        async def fetch(number: int, size: int) -> Page[T]:
            response = await self._sender.send(
                operation,
                path_params=path,
                query={**filters, "page": number, "per_page": size},
                options=options,
            )
            data = response.data or {}
            # Some response options answer with counts only: no items then.
            found = [] if key not in data and response_option is not None else item(response, key)
            items = structure(found, list[model], strict=response.strict)  # type: ignore[valid-type]
            context = structure(page_context(data), PageContext, strict=response.strict)
            return Page(items=items, page_context=context, keys=record_keys(found))

        return Paginator(fetch, per_page=per_page, page=page)


def answer_key(operation: Operation, key: str | None) -> str:
    """``key``, else the answer key the operation's data names (codegen/overlay.yml)."""
    chosen = key or operation.key
    if chosen is None:
        raise TypeError(f"{operation.name} has no answer key: pass key=")
    return chosen


def read_answer(
    operation: Operation,
    path: PathParams | None,
    response: Response,
    model: type[T],
    key: str | None = None,
) -> T:
    """Structure the answer (or ``answer[key]``) into ``model``.

    A write Zoho accepted whose answer cannot be read was most likely applied, so it raises
    OutcomeUnknownError rather than a plain decode error.
    """
    try:
        if key is None:
            return structure(response.data, model, strict=response.strict)
        value = item(response, key)
        if isinstance(value, list) and len(value) == 1 and attrs.has(model):
            # Zoho documents some single-object answers (create contact person) as a one-item list.
            value = value[0]
        return structure(value, model, strict=response.strict)
    except MalformedResponseError as error:
        if _is_read(operation):
            raise
        raise _applied_but_unread(operation, path, error) from error


def _is_read(operation: Operation) -> bool:
    return operation.method.upper() in ("GET", "HEAD")


def _applied_but_unread(
    operation: Operation, path: PathParams | None, error: MalformedResponseError
) -> OutcomeUnknownError:
    """A write Zoho accepted (code 0) whose answer cannot be read is not a failure to redo.

    It becomes OutcomeUnknownError (raise it from the MalformedResponseError), so neither a
    caller nor the bulk runner takes it for 'not done' and sends it again.
    """
    return OutcomeUnknownError(
        f"Zoho accepted the {operation.method} (code 0) but its answer could not be read "
        f"({error}); it was most likely applied: look it up before sending it again",
        http_status=error.http_status,
        method=operation.method,
        path=operation.build_path(path),
    )


def _document(operation: Operation, response: Response) -> Response:
    """``response`` if it carries a file; a JSON success where a file was expected is an error."""
    if response.data is not None:
        raise MalformedResponseError(
            f"expected a document from {operation.name}, got a JSON answer "
            f"(fields: {', '.join(sorted(response.data)) or 'none'})",
            http_status=response.status,
            method=operation.method,
        )
    return response


def _check_file(
    operation: Operation,
    query: Mapping[str, QueryValue] | None,
    response: Response,
    head: bytes,
    size: int,
) -> None:
    check_file_answer(
        operation,
        pdf=expects_pdf(operation, query),
        content_type=response.header("Content-Type"),
        head=head,
        size=size,
        status=response.status,
    )


def _head_of(saved: Path) -> tuple[bytes, int]:
    with saved.open("rb") as handle:
        return handle.read(HEAD_BYTES), os.fstat(handle.fileno()).st_size


def request_body(json: Any, files: Sequence[FilePart] = ()) -> Body | None:
    """A JSON body, or with files a multipart body carrying the JSON as ``JSONString``."""
    if not files:
        return JsonBody(json) if json is not None else None
    fields = (("JSONString", jsoncodec.dumps(json).decode()),) if json is not None else ()
    return MultipartBody(fields=fields, files=tuple(files))


def page_context(data: Mapping[str, Any]) -> Any:
    """The answer's ``page_context``; a one-item list of it (as several documents show it) is
    read as the object it holds."""
    context = data.get("page_context") or {}
    if isinstance(context, list) and len(context) == 1:
        return context[0]
    return context


def item(response: Response, key: str) -> Any:
    """``response.data[key]``, or a clear error naming the key when Zoho left it out."""
    data = response.data or {}
    if key not in data:
        raise MalformedResponseError(
            f"Zoho's answer has no {key!r} field (fields: {', '.join(sorted(data)) or 'none'})",
            http_status=response.status,
        )
    return data[key]
