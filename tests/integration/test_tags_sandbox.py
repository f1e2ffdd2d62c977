"""books.contacts.tags end to end: the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError
from zbooks_async.models.common import TagAssignment

from .sandbox_session import live_sandbox, new_contact, received

REGION = TagAssignment(tag_id="460000000000567", tag_option_id="460000000014044")
TIER = TagAssignment(tag_id="460000000000568", tag_option_id="460000000014050")


async def test_update_sets_the_contacts_reporting_tags() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        result = await books.contacts.tags.update(contact_id, [REGION, TIER])
        assert received(sandbox) == (
            "PUT",
            f"/contacts/{contact_id}/tags",
            {},
            {
                "tags": [
                    {"tag_id": "460000000000567", "tag_option_id": "460000000014044"},
                    {"tag_id": "460000000000568", "tag_option_id": "460000000014050"},
                ]
            },
        )
        contact = await books.contacts.get(contact_id)
    assert result.code == 0 and contact.tags == [REGION, TIER]


async def test_delete_takes_one_tag_off() -> None:
    async with live_sandbox() as (books, sandbox):
        contact_id = await new_contact(books)
        await books.contacts.tags.update(contact_id, [REGION, TIER])
        result = await books.contacts.tags.delete(contact_id, "460000000000567")
        assert received(sandbox) == ("DELETE", f"/contacts/{contact_id}/tags/460000000000567", {}, None)
        contact = await books.contacts.get(contact_id)
        with pytest.raises(NotFoundError) as raised:
            await books.contacts.tags.delete(contact_id, "460000000000567")
    assert result.code == 0 and contact.tags == [TIER] and raised.value.code == 1002
