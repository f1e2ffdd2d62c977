"""Answers that cannot be read become typed errors that name the problem, never AttributeError."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from tests.faults.fault_support import CONTACT_ID, CONTACTS, ONE_CONTACT, calls
from zbooks_async import (
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RequestOptions,
    ServerError,
    ZohoBooks,
)

NO_RETRY = RequestOptions(max_retries=0)
ACTIVE = re.compile(rf"^https://www\.zohoapis\.com/books/v3/contacts/{CONTACT_ID}/active\?.*$")
BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    "<body><center><h1>502 Bad Gateway</h1></center></body></html>"
)
CONTACT = (
    '{"code":0,"message":"success","contact":{"contact_id":"460000000026049","contact_name":"Bowman",'
    '"contact_type":"customer","status":"active"}}'
)


async def test_an_html_502_page_is_a_server_error_naming_the_page(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(ONE_CONTACT, status=502, body=BAD_GATEWAY, content_type="text/html")
    with pytest.raises(ServerError, match="502 Bad Gateway") as caught:
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    assert caught.value.http_status == 502


async def test_a_get_is_retried_past_an_html_502_page(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(ONE_CONTACT, status=502, body=BAD_GATEWAY, content_type="text/html")
    mocked.get(ONE_CONTACT, status=200, body=CONTACT, content_type="application/json")
    contact = await books.contacts.get(CONTACT_ID)
    assert contact.contact_name == "Bowman"


async def test_a_post_answered_by_an_html_502_page_is_outcome_unknown_and_not_replayed(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.post(CONTACTS, status=502, body=BAD_GATEWAY, content_type="text/html", repeat=True)
    with pytest.raises(OutcomeUnknownError, match="502 Bad Gateway"):
        await books.contacts.create(contact_name="Bowman")
    assert calls(mocked) == 1


async def test_an_html_429_page_is_a_rate_limit_error_with_its_retry_after(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(
        ONE_CONTACT,
        status=429,
        body="<html><title>Too Many Requests</title></html>",
        content_type="text/html",
        headers={"Retry-After": "0"},
    )
    with pytest.raises(RateLimitError, match="Too Many Requests") as caught:
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    assert caught.value.retry_after == 0.0


async def test_truncated_json_with_status_200_is_malformed_and_shows_its_start(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(ONE_CONTACT, status=200, body=CONTACT[:40], content_type="application/json")
    with pytest.raises(MalformedResponseError, match=r'starting \'\{"code":0') as caught:
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    assert caught.value.http_status == 200


async def test_a_get_is_retried_past_a_truncated_answer(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(ONE_CONTACT, status=200, body=CONTACT[:40], content_type="application/json")
    mocked.get(ONE_CONTACT, status=200, body=CONTACT, content_type="application/json")
    assert (await books.contacts.get(CONTACT_ID)).contact_id == CONTACT_ID


async def test_a_post_whose_answer_is_cut_short_is_outcome_unknown_and_not_replayed(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.post(CONTACTS, status=201, body=CONTACT[:40], content_type="application/json", repeat=True)
    with pytest.raises(OutcomeUnknownError) as caught:
        await books.contacts.create(contact_name="Bowman")
    assert calls(mocked) == 1
    assert isinstance(caught.value.__cause__, MalformedResponseError)


async def test_an_empty_body_is_malformed_and_says_so(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(ONE_CONTACT, status=200, body="", content_type="application/json")
    with pytest.raises(MalformedResponseError, match="empty body"):
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)


async def test_a_non_json_client_error_is_malformed_and_not_retried(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(ONE_CONTACT, status=404, body="<html><title>Not Found</title></html>", repeat=True)
    with pytest.raises(MalformedResponseError, match="Not Found"):
        await books.contacts.get(CONTACT_ID)
    assert calls(mocked) == 1


@pytest.mark.parametrize("body", ["[]", '"ok"', "42", "null"])
async def test_json_that_is_not_an_object_is_malformed(
    books: ZohoBooks, mocked: aioresponses, body: str
) -> None:
    mocked.get(ONE_CONTACT, status=400, body=body, content_type="application/json")
    with pytest.raises(MalformedResponseError, match="expected a JSON object"):
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)


@pytest.mark.parametrize("code", ['"0"', "true", "1.5", "[0]"])
async def test_an_envelope_code_that_is_not_an_integer_names_the_code_field(
    books: ZohoBooks, mocked: aioresponses, code: str
) -> None:
    mocked.get(ONE_CONTACT, status=200, body=f'{{"code":{code},"contact":{{}}}}')
    with pytest.raises(MalformedResponseError, match="'code'"):
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)


async def test_a_missing_resource_key_is_named(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(ONE_CONTACT, status=200, body='{"code":0,"message":"success"}')
    with pytest.raises(MalformedResponseError, match="no 'contact' field"):
        await books.contacts.get(CONTACT_ID)


@pytest.mark.parametrize(
    ("contact", "named"),
    [
        ('{"contact_id":["460000000026049"]}', r"Contact\.contact_id"),
        ('{"credit_limit":"lots"}', r"Contact\.credit_limit: expected a number, got text"),
        ('{"created_time":1700000000}', r"Contact\.created_time: expected a timestamp, got a number"),
        ('{"billing_address":"12 Main St"}', r"Contact\.billing_address: expected an object, got text"),
        ('{"contact_persons":[{"is_primary_contact":"maybe"}]}', r"ContactPerson\.is_primary_contact"),
        ('["460000000026049"]', "expected an object for Contact"),
        ("null", "expected an object for Contact"),
    ],
)
async def test_a_field_of_the_wrong_type_names_the_field(
    books: ZohoBooks, mocked: aioresponses, contact: str, named: str
) -> None:
    # The other fields every contact carries, so that the named one is the only thing wrong.
    if contact.startswith("{") and "contact_id" not in contact:
        required = '"contact_id":"1","contact_name":"B","contact_type":"customer","status":"active"'
        contact = contact[:-1] + "," + required + "}"
    # books is strict, as the project's tests are: without strict mode the value is kept instead.
    mocked.get(ONE_CONTACT, status=200, body=f'{{"code":0,"contact":{contact}}}')
    with pytest.raises(MalformedResponseError, match=named):
        await books.contacts.get(CONTACT_ID)


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ('{"code":0}', "no 'contacts' field"),
        ('{"code":0,"contacts":[{"contact_id":{}}],"page_context":{}}', r"Contact\.contact_id"),
        ('{"code":0,"contacts":[],"page_context":"none"}', "PageContext"),
        ('{"code":0,"contacts":[],"page_context":{"has_more_page":"perhaps"}}', "has_more_page"),
    ],
)
async def test_a_malformed_list_page_names_what_is_wrong(
    books: ZohoBooks, mocked: aioresponses, answer: str, named: str
) -> None:
    mocked.get(CONTACTS, status=200, body=answer)
    with pytest.raises(MalformedResponseError, match=named):
        await books.contacts.list().collect()


@pytest.mark.parametrize(
    "answer",
    ['{"code":0,"message":"added","contact":"oops"}', '{"code":0,"message":"added"}'],
)
async def test_a_create_accepted_with_an_unreadable_answer_is_unknown_not_failed(
    books: ZohoBooks, mocked: aioresponses, answer: str
) -> None:
    mocked.post(CONTACTS, status=201, body=answer, repeat=True)
    with pytest.raises(OutcomeUnknownError, match="most likely applied") as caught:
        await books.contacts.create(contact_name="Bowman")
    assert isinstance(caught.value.__cause__, MalformedResponseError)
    assert (caught.value.method, caught.value.path) == ("POST", "/contacts")
    assert calls(mocked) == 1


async def test_an_update_accepted_with_an_unreadable_answer_is_unknown_and_names_the_record(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    body = (
        '{"contact_id":"1","contact_name":"B","contact_type":"customer","status":"active",'
        '"credit_limit":"lots"}'
    )
    mocked.put(ONE_CONTACT, status=200, body=f'{{"code":0,"contact":{body}}}')
    with pytest.raises(OutcomeUnknownError, match=r"credit_limit") as caught:
        await books.contacts.update(CONTACT_ID, notes="x")
    assert caught.value.path == f"/contacts/{CONTACT_ID}"


async def test_an_action_accepted_with_an_unreadable_answer_is_unknown(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.post(ACTIVE, status=200, body='{"code":0,"message":["x"]}')
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.mark_active(CONTACT_ID)


async def test_an_error_answer_carries_its_status_headers_and_request_id(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(
        ONE_CONTACT,
        status=404,
        body='{"code":1002,"message":"The Customer is not accessible."}',
        content_type="application/json",
        headers={"X-Request-Id": "req-42", "X-Rate-Limit-Remaining": "6775"},
    )
    with pytest.raises(NotFoundError) as caught:
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    assert caught.value.http_status == 404
    assert caught.value.headers["X-Rate-Limit-Remaining"] == "6775"
    assert caught.value.request_id == "req-42"


async def test_a_non_json_error_page_carries_its_headers(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(
        ONE_CONTACT, status=502, body=BAD_GATEWAY, content_type="text/html", headers={"X-Request-Id": "lb-1"}
    )
    with pytest.raises(ServerError) as caught:
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
    assert caught.value.request_id == "lb-1"


@pytest.mark.parametrize(
    "body",
    ['{"code":0,"contact":' + "[" * 50_000 + "]" * 50_000 + "}",
     # NaN sends the answer to the standard library's parser, which must end the same way
     '{"code":0,"x":NaN,"contact":' + "[" * 50_000 + "]" * 50_000 + "}"],
    ids=["msgspec", "fallback parser"],
)
async def test_a_deeply_nested_answer_is_malformed_never_recursion_error(
    books: ZohoBooks, mocked: aioresponses, body: str
) -> None:
    mocked.get(ONE_CONTACT, status=200, body=body, content_type="application/json")
    with pytest.raises(MalformedResponseError, match="nested too deeply"):
        await books.contacts.get(CONTACT_ID, options=NO_RETRY)
