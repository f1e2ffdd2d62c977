"""books.contacts.comments: requests sent, answers typed, errors raised (HTTP mocked)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from aioresponses import aioresponses

from zbooks_async import NotFoundError, ValidationError, ZohoBooks

from ..http_mock import BASE, ORG, sent_json

C = "460000000026049"


async def test_add_sends_the_description(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        f"{BASE}/contacts/{C}/comments?organization_id={ORG}",
        payload={"code": 0, "message": "The comment has been added."},
    )
    result = await books.contacts.comments.create(C, description="Prefers email")
    assert result.message == "The comment has been added."
    [(method, _, body)] = sent_json(http)
    assert method == "POST" and body == {"description": "Prefers email"}


async def test_an_empty_comment_is_refused(books: ZohoBooks, http: aioresponses) -> None:
    with pytest.raises(TypeError, match="description"):
        await books.contacts.comments.create(C)  # type: ignore[call-arg]
    assert http.requests == {}


async def test_list_reads_typed_comments_page_by_page(books: ZohoBooks, http: aioresponses) -> None:
    comment = {
        "comment_id": 460000000053131,
        "description": "Called",
        "date": "2013-11-19",
        "time": "6:03 PM",
        "is_entity_deleted": False,
    }
    http.get(
        re.compile(rf"{BASE}/contacts/{C}/comments\?.*page=2.*"),
        payload={
            "code": 0,
            "message": "success",
            "contact_comments": [comment],
            "page_context": {"page": 2, "per_page": 10, "has_more_page": False},
        },
    )
    page = await books.contacts.comments.list(C, per_page=10).page(2)
    [first] = page.items
    assert (
        first.comment_id == "460000000053131" and first.date == date(2013, 11, 19) and first.time == "6:03 PM"
    )
    assert page.page_context.page == 2 and not page.has_more


async def test_delete_targets_the_comment(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        f"{BASE}/contacts/{C}/comments/460000000080001?organization_id={ORG}",
        payload={"code": 0, "message": "success"},
    )
    assert (await books.contacts.comments.delete(C, "460000000080001")).code == 0


async def test_a_missing_comment_is_not_found(books: ZohoBooks, http: aioresponses) -> None:
    http.delete(
        re.compile(rf"{BASE}/contacts/{C}/comments/1\?.*"),
        status=404,
        payload={"code": 1002, "message": "Comment does not exist."},
    )
    with pytest.raises(NotFoundError):
        await books.contacts.comments.delete(C, "1")


async def test_a_refused_comment_is_a_validation_error(books: ZohoBooks, http: aioresponses) -> None:
    http.post(
        re.compile(rf"{BASE}/contacts/{C}/comments\?.*"),
        status=400,
        payload={"code": 15, "message": "Please enter a comment."},
    )
    with pytest.raises(ValidationError) as raised:
        await books.contacts.comments.create(C, description="x")
    assert raised.value.code == 15


@pytest.mark.parametrize("bad_id", ["1/../2", "", "abc"])
async def test_bad_ids_are_refused_before_any_request(
    books: ZohoBooks, http: aioresponses, bad_id: str
) -> None:
    with pytest.raises(ValueError):
        await books.contacts.comments.create(bad_id, description="hello")
    with pytest.raises(ValueError):
        await books.contacts.comments.delete(C, bad_id)
    with pytest.raises(ValueError):
        books.contacts.comments.list(bad_id)
    assert http.requests == {}
