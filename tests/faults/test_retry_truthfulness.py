"""What each method does after a fault, and that the caller is told the truth about the outcome."""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import pytest
from aioresponses import aioresponses

from tests.faults.fault_support import CONTACT_ID, CONTACTS, ONE_CONTACT, calls
from zbooks_async import (
    AuthenticationError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RequestOptions,
    ServerError,
    TransportError,
    ZohoBooks,
)

GONE = '{"code":1002,"message":"Contact does not exist."}'
DELETED = '{"code":0,"message":"The contact has been deleted."}'
CREATED = (
    '{"code":0,"message":"The contact has been added.","contact":{"contact_id":"7","contact_name":"Bowman",'
    '"contact_type":"customer","status":"active"}}'
)
INTERNAL = '{"code":1000,"message":"Internal error"}'
THROTTLED = '{"code":44,"message":"Too many requests"}'


def refused() -> aiohttp.ClientConnectorError:
    key = SimpleNamespace(host="www.zohoapis.com", port=443, ssl=True)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))  # type: ignore[arg-type]


def reset() -> aiohttp.ServerDisconnectedError:
    return aiohttp.ServerDisconnectedError()


async def test_a_delete_replayed_after_a_lost_answer_that_finds_nothing_has_succeeded(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.delete(ONE_CONTACT, exception=reset())
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    result = await books.contacts.delete(CONTACT_ID)
    assert result.code == 0
    assert "earlier attempt" in result.message and "Contact does not exist." in result.message
    assert calls(mocked) == 2


async def test_a_delete_replayed_after_a_server_error_that_finds_nothing_has_succeeded(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.delete(ONE_CONTACT, status=500, body=INTERNAL)
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    assert (await books.contacts.delete(CONTACT_ID)).code == 0


async def test_a_delete_replayed_after_a_cut_short_answer_that_finds_nothing_has_succeeded(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.delete(ONE_CONTACT, status=200, body=DELETED[:20])
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    assert (await books.contacts.delete(CONTACT_ID)).code == 0


async def test_a_delete_of_a_missing_record_on_the_first_attempt_is_not_found(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    with pytest.raises(NotFoundError):
        await books.contacts.delete(CONTACT_ID)


async def test_a_delete_that_was_only_throttled_before_is_still_not_found(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    # A 429 is a refusal at the door: the earlier attempt did nothing, so 404 is the truth.
    mocked.delete(ONE_CONTACT, status=429, body=THROTTLED, headers={"Retry-After": "0"})
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    with pytest.raises(NotFoundError):
        await books.contacts.delete(CONTACT_ID)


async def test_a_delete_that_never_connected_before_is_still_not_found(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.delete(ONE_CONTACT, exception=refused())
    mocked.delete(ONE_CONTACT, status=404, body=GONE)
    with pytest.raises(NotFoundError):
        await books.contacts.delete(CONTACT_ID)


async def test_a_put_replayed_after_a_lost_answer_that_finds_nothing_is_not_found(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.put(ONE_CONTACT, exception=reset())
    mocked.put(ONE_CONTACT, status=404, body=GONE)
    with pytest.raises(NotFoundError):
        await books.contacts.update(CONTACT_ID, notes="x")


async def test_a_put_whose_retries_run_out_after_a_lost_answer_is_outcome_unknown(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.put(ONE_CONTACT, exception=reset())
    mocked.put(ONE_CONTACT, status=500, body=INTERNAL, repeat=True)
    with pytest.raises(OutcomeUnknownError, match="earlier attempt may have reached Zoho") as caught:
        await books.contacts.update(CONTACT_ID, notes="x")
    assert isinstance(caught.value.__cause__, ServerError)
    assert calls(mocked) == 4


async def test_a_put_rejected_after_a_lost_answer_is_outcome_unknown(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.put(ONE_CONTACT, status=502, body="<html><title>502</title></html>")
    mocked.put(ONE_CONTACT, status=400, body='{"code":4,"message":"Invalid value passed for notes"}')
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.update(CONTACT_ID, notes="x")


async def test_a_put_with_retries_off_whose_connection_dropped_is_outcome_unknown(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.put(ONE_CONTACT, exception=reset())
    with pytest.raises(OutcomeUnknownError):
        await books.contacts.update(CONTACT_ID, notes="x", options=RequestOptions(max_retries=0))


async def test_a_put_only_ever_throttled_fails_with_the_throttle(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.put(ONE_CONTACT, status=429, body=THROTTLED, headers={"Retry-After": "0"}, repeat=True)
    with pytest.raises(RateLimitError):
        await books.contacts.update(CONTACT_ID, notes="x")
    assert calls(mocked) == 4


async def test_a_put_whose_token_is_rejected_after_a_lost_answer_is_outcome_unknown(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    # A refresh-and-replay would start afresh and forget the first attempt may have applied.
    mocked.put(ONE_CONTACT, exception=reset())
    mocked.put(ONE_CONTACT, status=401, body='{"code":57,"message":"not authorized"}')
    with pytest.raises(OutcomeUnknownError) as caught:
        await books.contacts.update(CONTACT_ID, notes="x")
    assert isinstance(caught.value.__cause__, AuthenticationError)


async def test_a_post_whose_connection_dropped_is_outcome_unknown_and_sent_once(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.post(CONTACTS, exception=reset(), repeat=True)
    with pytest.raises(OutcomeUnknownError, match="not sent again") as caught:
        await books.contacts.create(contact_name="Bowman")
    assert calls(mocked) == 1
    assert isinstance(caught.value.__cause__, TransportError)


async def test_a_post_answered_500_is_outcome_unknown_and_sent_once(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.post(CONTACTS, status=500, body=INTERNAL, repeat=True)
    with pytest.raises(OutcomeUnknownError) as caught:
        await books.contacts.create(contact_name="Bowman")
    assert calls(mocked) == 1
    assert isinstance(caught.value.__cause__, ServerError)


async def test_a_post_that_never_connected_is_sent_again(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.post(CONTACTS, exception=refused())
    mocked.post(CONTACTS, status=201, body=CREATED)
    assert (await books.contacts.create(contact_name="Bowman")).contact_id == "7"


async def test_a_throttled_post_is_sent_again(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.post(CONTACTS, status=429, body=THROTTLED)
    mocked.post(CONTACTS, status=429, body=THROTTLED, headers={"Retry-After": "0"})
    mocked.post(CONTACTS, status=201, body=CREATED)
    assert (await books.contacts.create(contact_name="Bowman")).contact_id == "7"


async def test_a_get_is_retried_after_a_reset_then_gives_the_last_error(
    books: ZohoBooks, mocked: aioresponses
) -> None:
    mocked.get(ONE_CONTACT, exception=reset(), repeat=True)
    with pytest.raises(TransportError, match="ServerDisconnectedError"):
        await books.contacts.get(CONTACT_ID)
    assert calls(mocked) == 4  # max_retries=3


async def test_a_get_gives_up_at_once_after_the_daily_limit(books: ZohoBooks, mocked: aioresponses) -> None:
    mocked.get(ONE_CONTACT, status=429, body='{"code":45,"message":"daily"}', repeat=True)
    with pytest.raises(RateLimitError):
        await books.contacts.get(CONTACT_ID)
    assert calls(mocked) == 1
