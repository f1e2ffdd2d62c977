"""What every resource shares: sending an operation and reading the answer into models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .. import jsoncodec
from ..converter import structure
from ..errors import MalformedResponseError
from ..models.base import ActionResult
from ..models.common import PageContext
from ..operations import Operation
from ..pagination import Page, Paginator
from ..pipeline.values import Body, FilePart, JsonBody, MultipartBody, RequestOptions, Response

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
        key: str,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
    ) -> T:
        """Send and structure ``answer[key]`` into ``model``."""
        body = JsonBody(json) if json is not None else None
        response = await self._sender.send(
            operation, path_params=path, query=query, body=body, options=options
        )
        return structure(item(response, key), model)

    async def _action(
        self,
        operation: Operation,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
        files: Sequence[FilePart] = (),
    ) -> ActionResult:
        """Send an operation whose answer is only ``{code, message}``.

        With ``files``, the JSON goes as Zoho's ``JSONString`` form field beside the files.
        """
        body = request_body(json, files)
        response = await self._sender.send(
            operation,
            path_params=path,
            query=query,
            body=body,
            options=options,
            idempotent=idempotent,
        )
        return structure(response.data, ActionResult)

    async def _bytes(
        self,
        operation: Operation,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        options: RequestOptions | None = None,
        download_to: Path | None = None,
    ) -> bytes:
        """Fetch a binary answer (a PDF...): its bytes, or streamed into ``download_to``.

        A JSON success where a document was expected raises MalformedResponseError.
        """
        response = await self._sender.send(
            operation,
            path_params=path,
            query=query,
            options=options,
            expects_bytes=True,
            download_to=download_to,
        )
        if response.data is not None:
            raise MalformedResponseError(
                f"expected a document from {operation.name}, got a JSON answer "
                f"(fields: {', '.join(sorted(response.data)) or 'none'})",
                http_status=response.status,
                method=operation.method,
            )
        return response.body

    def _list(
        self,
        operation: Operation,
        key: str,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        per_page: int = 200,
        page: int = 1,
        options: RequestOptions | None = None,
    ) -> Paginator[T]:
        """A paginator over ``answer[key]`` items, one request per page."""
        filters = dict(query or {})

        async def fetch(number: int, size: int) -> Page[T]:
            response = await self._sender.send(
                operation,
                path_params=path,
                query={**filters, "page": number, "per_page": size},
                options=options,
            )
            items = structure(item(response, key), list[model])  # type: ignore[valid-type]
            context = structure(response.data.get("page_context") or {}, PageContext)  # type: ignore[union-attr]
            return Page(items=items, page_context=context)

        return Paginator(fetch, per_page=per_page, page=page)


def request_body(json: Any, files: Sequence[FilePart] = ()) -> Body | None:
    """A JSON body, or with files a multipart body carrying the JSON as ``JSONString``."""
    if not files:
        return JsonBody(json) if json is not None else None
    fields = (("JSONString", jsoncodec.dumps(json).decode()),) if json is not None else ()
    return MultipartBody(fields=fields, files=tuple(files))


def item(response: Response, key: str) -> Any:
    """``response.data[key]``, or a clear error naming the key when Zoho left it out."""
    data = response.data or {}
    if key not in data:
        raise MalformedResponseError(
            f"Zoho's answer has no {key!r} field (fields: {', '.join(sorted(data)) or 'none'})",
            http_status=response.status,
        )
    return data[key]
