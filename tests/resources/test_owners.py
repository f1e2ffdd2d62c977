"""books.contacts.owners and books.contacts.tracking_1099 against mocked Zoho answers."""

from __future__ import annotations

from typing import Any

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, ValidationError, ZohoBooks
from zbooks_async.batching import BatchError

from ..http_mock import ORG, at, sent

CID = "460000000026049"
OWNER = "460000000031043"
IDS = [str(460000000030000 + n) for n in range(51)]


async def test_assign_sends_the_owner_as_query(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/owner"), payload={"code": 0, "message": "The contact owner has been assigned."}
    )

    result = await books.contacts.owners.assign(CID, owner_id=OWNER)

    assert result.message == "The contact owner has been assigned."
    [(_, _, kwargs)] = sent(http)
    assert dict(kwargs["params"]) == {"owner_id": OWNER, "organization_id": ORG}
    assert kwargs["data"] is None


async def test_assign_many_splits_at_25_and_repeats_the_owner(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at("/contacts/owner"),
        payload={"code": 0, "message": "The contact owner has been assigned."},
        repeat=True,
    )

    results = await books.contacts.owners.assign_many(contact_ids=IDS, owner_id=OWNER)

    assert len(results) == 3
    params = [dict(kwargs["params"]) for _, _, kwargs in sent(http)]
    assert [len(p["contact_ids"].split(",")) for p in params] == [25, 25, 1]
    assert {p["owner_id"] for p in params} == {OWNER}


async def test_a_failing_batch_stops_the_run_and_says_what_took_effect(
    books: ZohoBooks, http: aioresponses
) -> None:
    http.post(at("/contacts/track1099"), payload={"code": 0, "message": "success"})
    http.post(
        at("/contacts/track1099"), status=400, payload={"code": 4, "message": "Only vendors can be tracked."}
    )

    with pytest.raises(BatchError, match="Only vendors") as caught:
        await books.contacts.tracking_1099.track_many(contact_ids=IDS)

    assert len(sent(http)) == 2
    error = caught.value
    assert [result.message for result in error.done] == ["success"]
    assert error.failed_ids == IDS[25:50]
    assert error.remaining == IDS[50:]
    assert isinstance(error.__cause__, ValidationError)


async def test_ids_that_fit_one_request_raise_its_own_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at("/contacts/track1099"), status=400, payload={"code": 4, "message": "Only vendors can be tracked."}
    )

    with pytest.raises(ValidationError, match="Only vendors"):
        await books.contacts.tracking_1099.track_many(contact_ids=IDS[:25])


async def test_track_and_untrack(books: ZohoBooks, http: aioresponses) -> None:
    http.post(at(f"/contacts/{CID}/track1099"), payload={"code": 0, "message": "1099 tracking is enabled."})
    http.post(
        at(f"/contacts/{CID}/untrack1099"), payload={"code": 0, "message": "1099 tracking is disabled."}
    )

    assert (await books.contacts.tracking_1099.track(CID)).message == "1099 tracking is enabled."
    assert (await books.contacts.tracking_1099.untrack(CID)).message == "1099 tracking is disabled."


async def test_owner_of_an_unknown_contact(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        at(f"/contacts/{CID}/owner"), status=404, payload={"code": 1002, "message": "Contact does not exist."}
    )

    with pytest.raises(NotFoundError):
        await books.contacts.owners.assign(CID, owner_id=OWNER)


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.contacts.owners.assign(CID, owner_id="me"),
        lambda b: b.contacts.owners.assign("x", owner_id=OWNER),
        lambda b: b.contacts.owners.assign_many(contact_ids=[], owner_id=OWNER),
        lambda b: b.contacts.owners.assign_many(contact_ids=[*IDS, "bad"], owner_id=OWNER),
        lambda b: b.contacts.owners.assign_many(contact_ids=IDS, owner_id=""),
        lambda b: b.contacts.tracking_1099.track_many(contact_ids=[]),
        lambda b: b.contacts.tracking_1099.track_many(contact_ids=["1,2"]),
        lambda b: b.contacts.tracking_1099.track("-5"),
        lambda b: b.contacts.tracking_1099.untrack("5/"),
    ],
)
async def test_bad_or_empty_ids_are_refused_before_sending(
    books: ZohoBooks, http: aioresponses, call: Any
) -> None:
    with pytest.raises(ValueError):
        await call(books)
    assert sent(http) == []
