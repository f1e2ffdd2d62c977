"""books.contacts.owners and books.contacts.tracking_1099 over the real aiohttp transport
against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError, ValidationError

from .sandbox_session import API, ORG, live_sandbox

OWNER = "460000000031043"


async def test_assign_sets_the_owner() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)

        result = await live.books.contacts.owners.assign(cid, owner_id=OWNER)

        assert (live.last.method, live.last.path, live.last.query, live.last.body) == (
            "POST",
            f"{API}/contacts/{cid}/owner",
            {"owner_id": OWNER, "organization_id": ORG},
            None,
        )
        assert result.message == "The contact owner has been assigned."
        assert (await live.books.contacts.get(cid)).owner_id == OWNER


async def test_assign_many_splits_at_25_and_reaches_every_contact() -> None:
    async with live_sandbox() as live:
        ids = [str((await live.contact(f"Contact {n}")).contact_id) for n in range(27)]
        live.requests.clear()

        results = await live.books.contacts.owners.assign_many(contact_ids=ids, owner_id=OWNER)

        assert len(results) == 2
        assert [(r.method, r.path) for r in live.requests] == [("POST", f"{API}/contacts/owner")] * 2
        assert [r.query["contact_ids"].split(",") for r in live.requests] == [ids[:25], ids[25:]]
        assert {r.query["owner_id"] for r in live.requests} == {OWNER}
        assert {live.stored_contact(cid)["owner_id"] for cid in ids} == {OWNER}


async def test_assign_many_with_an_unknown_contact_changes_nothing() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)

        with pytest.raises(NotFoundError):
            await live.books.contacts.owners.assign_many(contact_ids=[cid, "460000009999999"], owner_id=OWNER)

        assert live.stored_contact(cid)["owner_id"] == ""


async def test_track_and_untrack_a_vendor() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact("Acme Supplies", contact_type="vendor")).contact_id)

        tracked = await live.books.contacts.tracking_1099.track(cid)
        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/{cid}/track1099")
        assert (await live.books.contacts.get(cid)).track_1099 is True

        untracked = await live.books.contacts.tracking_1099.untrack(cid)
        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/{cid}/untrack1099")
        assert (await live.books.contacts.get(cid)).track_1099 is False

        assert (tracked.message, untracked.message) == (
            "1099 tracking is enabled.",
            "1099 tracking is disabled.",
        )


async def test_track_many_marks_every_vendor() -> None:
    async with live_sandbox() as live:
        ids = [str((await live.contact(f"Vendor {n}", contact_type="vendor")).contact_id) for n in range(3)]

        results = await live.books.contacts.tracking_1099.track_many(contact_ids=ids)

        assert [r.code for r in results] == [0]
        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/track1099")
        assert live.last.query == {"contact_ids": ",".join(ids), "organization_id": ORG}
        assert all(live.stored_contact(cid)["track_1099"] is True for cid in ids)


async def test_customers_are_not_tracked_for_1099() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact("Bowman and Co", contact_type="customer")).contact_id)

        with pytest.raises(ValidationError):
            await live.books.contacts.tracking_1099.track(cid)
