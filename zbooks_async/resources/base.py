"""What every resource shares: sending an operation and reading the answer into models."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from ..converter import structure
from ..errors import MalformedResponseError
from ..models.base import ActionResult
from ..models.common import PageContext
from ..operations import Operation
from ..pagination import Page, Paginator
from ..pipeline.values import Body, JsonBody, RequestOptions, Response

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
        key: str,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """Send and structure ``answer[key]`` into ``model``."""
        body = JsonBody(json) if json is not None else None
        response = await self._sender.send(
            operation, path_params=path, query=query, body=body, options=options, headers=headers
        )
        return structure(item(response, key), model)

    async def _answer(
        self,
        operation: Operation,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send and structure the whole answer (``code``, ``message`` and the rest) into ``model``."""
        body = JsonBody(json) if json is not None else None
        response = await self._sender.send(
            operation,
            path_params=path,
            query=query,
            body=body,
            options=options,
            idempotent=idempotent,
        )
        return structure(response.data, model)

    async def _action(
        self,
        operation: Operation,
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
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
            options=options,
            idempotent=idempotent,
        )

    async def _action_per_batch(
        self,
        operation: Operation,
        batches: list[str],
        *,
        ids_param: str = "contact_ids",
        query: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions | None = None,
        idempotent: bool | None = None,
    ) -> list[ActionResult]:
        """Send ``operation`` once per batch of ids (see ``inputs.id_batches``), one after another.

        Sequential on purpose: a failure raises at once and later batches are not sent; the
        batches before it have taken effect.
        """
        results: list[ActionResult] = []
        for batch in batches:
            results.append(
                await self._action(
                    operation,
                    query={**(query or {}), ids_param: batch},
                    json=json,
                    options=options,
                    idempotent=idempotent,
                )
            )
        return results

    async def _fetch_all(
        self,
        operation: Operation,
        key: str,
        model: type[T],
        *,
        path: PathParams | None = None,
        query: Mapping[str, QueryValue] | None = None,
        options: RequestOptions | None = None,
    ) -> list[T]:
        """Send and structure ``answer[key]`` into a list of ``model``, for lists Zoho does not page."""
        return await self._fetch(
            operation,
            key,
            list[model],  # type: ignore[valid-type]
            path=path,
            query=query,
            options=options,
        )

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


def item(response: Response, key: str) -> Any:
    """``response.data[key]``, or a clear error naming the key when Zoho left it out."""
    data = response.data or {}
    if key not in data:
        raise MalformedResponseError(
            f"Zoho's answer has no {key!r} field (fields: {', '.join(sorted(data)) or 'none'})",
            http_status=response.status,
        )
    return data[key]
