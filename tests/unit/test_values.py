"""Copies of the pipeline's values keep every field but the one they replace."""

from __future__ import annotations

from pathlib import Path

import attrs

from zbooks_async.pipeline.values import JsonBody, Request, RequestOptions, Response


def a_request_with_every_field_set() -> Request:
    request = Request(
        method="POST",
        base_url="https://www.zohoapis.eu/books/v3",
        path="/contacts/1/statements",
        query=(("page", "2"),),
        headers=(("X-Extra", "1"),),
        body=JsonBody({"a": 1}),
        options=RequestOptions(timeout=5.0, max_retries=1, organization_id="42"),
        idempotent=True,
        expects_bytes=True,
        download_to=Path("statement.pdf"),
        scope="ZohoBooks.contacts.READ",
        deadline_at=12.5,
        token_replaced=True,
        needs_organization=False,
    )
    fields = attrs.fields(Request)
    defaults = [field.name for field in fields if getattr(request, field.name) == field.default]
    assert not defaults, f"set these fields in the test too: {defaults}"
    return request


def test_with_header_keeps_every_other_field() -> None:
    request = a_request_with_every_field_set()
    signed = request.with_header("Authorization", "Zoho-oauthtoken t")
    assert signed.headers == (("X-Extra", "1"), ("Authorization", "Zoho-oauthtoken t"))
    assert attrs.evolve(signed, headers=request.headers) == request


def test_with_query_keeps_every_other_field() -> None:
    request = a_request_with_every_field_set()
    scoped = request.with_query("organization_id", "42")
    assert scoped.query == (("page", "2"), ("organization_id", "42"))
    assert attrs.evolve(scoped, query=request.query) == request


def test_with_header_and_with_query_replace_an_earlier_value() -> None:
    request = a_request_with_every_field_set().with_header("x-extra", "2").with_query("page", "3")
    assert request.headers == (("x-extra", "2"),) and request.query == (("page", "3"),)


def test_with_data_keeps_every_other_field() -> None:
    response = Response(status=201, headers={"A": "b"}, body=b"{}", saved_to=Path("s.pdf"), strict=True)
    fields = [field.name for field in attrs.fields(Response) if field.name != "data"]
    assert all(getattr(response, name) != attrs.fields_dict(Response)[name].default for name in fields)
    decoded = response.with_data({"code": 0})
    assert decoded.data == {"code": 0}
    assert attrs.evolve(decoded, data=None) == response
