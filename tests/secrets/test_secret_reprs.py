"""Tokens never show in repr, str, formatting or pickles of the objects that hold them."""

from __future__ import annotations

import pickle
import traceback

import pytest
from aioresponses import aioresponses

from tests.secrets.secret_support import (
    ACCESS_TOKEN,
    CLIENT_SECRET,
    CONTACT_ID,
    ONE_CONTACT,
    ORGANIZATION_ID,
    REFRESH_TOKEN,
    leaks,
)
from zbooks_async import (
    AuthenticationError,
    ConfigurationError,
    RequestOptions,
    Secret,
    ZohoBooks,
    ZohoBooksError,
)
from zbooks_async.auth.refresh import RefreshTokenSource
from zbooks_async.auth.static import StaticToken
from zbooks_async.pipeline.auth import AuthStage
from zbooks_async.pipeline.values import Request, Response


def shown(value: object) -> str:
    return f"{value!r} {value!s} {value} {[value]!r} { ({'v': value})!s}"


def test_a_secret_shows_a_mask_in_repr_str_and_formatting() -> None:
    secret = Secret(ACCESS_TOKEN)
    assert leaks(shown(secret) + "%s %r" % (secret, secret)) == []  # noqa: UP031 (as logging does)
    assert secret.reveal() == ACCESS_TOKEN


def test_a_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(Secret(ACCESS_TOKEN))


def test_a_secret_of_the_wrong_type_is_refused_without_echoing_it() -> None:
    with pytest.raises(TypeError) as caught:
        Secret(ACCESS_TOKEN.encode())  # type: ignore[arg-type]
    assert leaks(str(caught.value)) == []


def test_a_static_token_shows_no_token() -> None:
    assert leaks(shown(StaticToken(ACCESS_TOKEN))) == []
    assert leaks(shown(StaticToken(Secret(ACCESS_TOKEN)))) == []


async def test_the_session_and_its_parts_show_no_token() -> None:
    async with ZohoBooks(organization_id=ORGANIZATION_ID, access_token=ACCESS_TOKEN) as books:
        core = books._core
        parts = [books, books.contacts, vars(books), core, vars(core), books.with_organization("1")]
        assert leaks(" ".join(shown(part) for part in parts)) == []


async def test_a_signed_request_shows_no_token() -> None:
    seen: list[Request] = []

    async def capture(request: Request) -> Response:
        seen.append(request)
        return Response(status=200, headers={}, body=b"{}")

    request = Request(method="GET", base_url="https://www.zohoapis.com/books/v3", path="/contacts")
    await AuthStage(StaticToken(ACCESS_TOKEN))(request, capture)
    (signed,) = seen
    assert ("Authorization", f"Zoho-oauthtoken {ACCESS_TOKEN}") in signed.headers
    assert leaks(shown(signed)) == []
    assert "<redacted>" in repr(signed)


async def test_the_token_request_a_transport_is_given_shows_no_secret() -> None:
    # The session's transport (yours, with transport=) also sends the OAuth token requests:
    # logging the request it is given must not print the client secret or refresh token.
    seen: list[Request] = []

    class Capturing:
        async def send(self, request: Request, *, timeout: float | None) -> Response:
            seen.append(request)
            body = b'{"access_token": "%s", "expires_in": 3600}' % ACCESS_TOKEN.encode()
            return Response(status=200, headers={}, body=body)

        async def close(self) -> None:
            pass

    tokens = RefreshTokenSource(
        client_id="1000.CLIENT",
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        transport=Capturing(),
    )
    assert await tokens.access_token() == ACCESS_TOKEN
    await tokens.close()
    (minting,) = seen
    assert ("client_secret", CLIENT_SECRET) in minting.body.fields  # type: ignore[union-attr]
    assert leaks(shown(minting) + shown(minting.body)) == []
    assert "grant_type" in repr(minting)


async def test_an_authentication_error_shows_no_token_in_message_or_traceback(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(
        ONE_CONTACT,
        status=401,
        body='{"code":57,"message":"You are not authorized to perform this operation"}',
    )
    with pytest.raises(AuthenticationError) as caught:
        await books.contacts.get(CONTACT_ID)
    rendered = "".join(traceback.format_exception(caught.value))
    assert leaks(shown(caught.value) + rendered + repr(caught.value.body)) == []


def test_configuration_errors_show_no_token() -> None:
    with pytest.raises(ConfigurationError) as caught:
        ZohoBooks(access_token=ACCESS_TOKEN, token_source=StaticToken(ACCESS_TOKEN))
    assert leaks(shown(caught.value) + "".join(traceback.format_exception(caught.value))) == []


def test_an_empty_token_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(ValueError, match="access_token is empty"):
        ZohoBooks(organization_id=ORGANIZATION_ID, access_token="   ")


def test_request_options_carry_no_secret_fields() -> None:
    assert leaks(shown(RequestOptions(timeout=1.0, organization_id=ORGANIZATION_ID))) == []


def test_every_sdk_error_is_built_from_method_and_path_only() -> None:
    error = ZohoBooksError("failed", code=1, http_status=500, method="GET", path="/contacts")
    assert str(error) == "GET /contacts: failed (HTTP 500, code 1)"
