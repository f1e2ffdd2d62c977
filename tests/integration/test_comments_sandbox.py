"""books.contacts.comments end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError, ValidationError

from .sandbox_session import live_sandbox, new_contact, received


async def test_add_then_list_newest_first_page_by_page() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        for text in ("first", "second", "third"):
            result = await books.contacts.comments.create(contact_id, description=text)
        assert received(sandbox) == ("POST", f"/contacts/{contact_id}/comments", {}, {"description": "third"})
        comments = [c async for c in books.contacts.comments.list(contact_id, per_page=2)]
        assert received(sandbox) == (
            "GET",
            f"/contacts/{contact_id}/comments",
            {"page": "2", "per_page": "2"},
            None,
        )
    assert result.message == "The comment has been added."
    assert [c.description for c in comments] == ["third", "second", "first"]
    assert all(c.contact_id == contact_id and c.contact_name == "Bowman and Co" for c in comments)
    assert comments[0].date is not None and comments[0].time is not None


async def test_delete_removes_the_comment() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        await books.contacts.comments.create(contact_id, description="to remove")
        [comment] = await books.contacts.comments.list(contact_id).collect()
        assert comment.comment_id is not None
        result = await books.contacts.comments.delete(contact_id, comment.comment_id)
        assert received(sandbox) == (
            "DELETE",
            f"/contacts/{contact_id}/comments/{comment.comment_id}",
            {},
            None,
        )
        left = await books.contacts.comments.list(contact_id).collect()
        with pytest.raises(NotFoundError) as raised:
            await books.contacts.comments.delete(contact_id, comment.comment_id)
    assert result.code == 0 and left == [] and raised.value.code == 1002


async def test_the_sandbox_refuses_an_overlong_comment() -> None:
    async with live_sandbox() as (books, _):
        contact_id = await new_contact(books)
        with pytest.raises(ValidationError) as raised:
            await books.contacts.comments.create(contact_id, description="x" * 2001)
    assert raised.value.code == 4
