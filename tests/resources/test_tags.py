"""books.contacts.tags: requests sent, answers typed, errors raised (HTTP mocked)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, ValidationError, ZohoBooks
from zbooks_async.models.common import TagAssignment

from ..http_mock import BASE, ORG, sent_json

C = "460000000026049"


async def test_update_sends_the_tags_list(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        f"{BASE}/contacts/{C}/tags?organization_id={ORG}", payload={"code": 0, "message": "Tags updated."}
    )
    result = await books.contacts.tags.update(
        C, [TagAssignment(tag_id="460000000000567", tag_option_id="460000000014044")]
    )
    assert result.message == "Tags updated."
    [(method, _, body)] = sent_json(http)
    assert method == "PUT" and body == {
        "tags": [{"tag_id": "460000000000567", "tag_option_id": "460000000014044"}]
    }


async def test_update_refuses_something_that_is_not_a_list_of_tags(
    books: ZohoBooks, http: aioresponses
) -> None:
    with pytest.raises(TypeError, match="tags"):
        await books.contacts.tags.update(C, "460000000000567")  # type: ignore[arg-type]
    assert http.requests == {}


async def test_delete_removes_one_tag(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        f"{BASE}/contacts/{C}/tags/460000000060001?organization_id={ORG}",
        payload={"code": 0, "message": "success"},
    )
    assert (await books.contacts.tags.delete(C, "460000000060001")).code == 0


async def test_an_unknown_tag_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        re.compile(rf"{BASE}/contacts/{C}/tags/5\?.*"),
        status=404,
        payload={"code": 1002, "message": "Tag does not exist."},
    )
    with pytest.raises(NotFoundError):
        await books.contacts.tags.delete(C, "5")


async def test_a_bad_tag_option_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.put(
        re.compile(rf"{BASE}/contacts/{C}/tags\?.*"),
        status=400,
        payload={"code": 4, "message": "Invalid value passed for tag_option_id"},
    )
    with pytest.raises(ValidationError, match="tag_option_id"):
        await books.contacts.tags.update(C, [TagAssignment(tag_id="1", tag_option_id="2")])


@pytest.mark.parametrize("bad_id", ["1/../2", "", "abc"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    with pytest.raises(ValueError):
        await books.contacts.tags.update(bad_id, [])
    with pytest.raises(ValueError):
        await books.contacts.tags.delete(C, bad_id)
    assert http.requests == {}
