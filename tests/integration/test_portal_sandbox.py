"""books.contacts.portal and books.contacts.payment_reminders over the real aiohttp transport
against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import ValidationError

from .sandbox_session import API, ORG, live_sandbox

EMAIL = "willsmith@bowmanfurniture.com"


async def test_enabling_the_portal_flags_the_contact_and_the_person() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(first_name="Will", email=EMAIL)

        result = await live.books.contacts.portal.enable(cid, contact_persons=[pid])

        assert (live.last.method, live.last.path, live.last.query) == (
            "POST",
            f"{API}/contacts/{cid}/portal/enable",
            {"organization_id": ORG},
        )
        assert live.last.body == {"contact_persons": [{"contact_person_id": pid}]}
        assert result.message == "Client Portal preferences have been updated"
        contact = await live.books.contacts.get(cid)
        assert contact.portal_status == "enabled"
        assert contact.contact_persons and contact.contact_persons[0].is_added_in_portal is True


async def test_a_person_without_email_cannot_get_the_portal() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(first_name="Ann")

        with pytest.raises(ValidationError):
            await live.books.contacts.portal.enable(cid, contact_persons=[pid])

        assert (await live.books.contacts.get(cid)).portal_status == "disabled"


async def test_disabling_the_portal_clears_the_flags() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(email=EMAIL)
        await live.books.contacts.portal.enable(cid, contact_persons=[pid])

        await live.books.contacts.portal.disable(cid)

        assert (live.last.method, live.last.path, live.last.body) == (
            "POST",
            f"{API}/contacts/{cid}/portal/disable",
            None,
        )
        contact = await live.books.contacts.get(cid)
        assert contact.portal_status == "disabled"
        assert contact.contact_persons and contact.contact_persons[0].is_added_in_portal is False


async def test_invite_sends_an_invitation_and_enables_the_person() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(email=EMAIL)

        await live.books.contacts.portal.invite(pid)

        assert (live.last.method, live.last.path) == (
            "POST",
            f"{API}/contacts/contactpersons/{pid}/portal/invite",
        )
        [invitation] = live.org.related("portal_invitations", cid).values()
        assert (invitation["contact_person_id"], invitation["email"]) == (pid, EMAIL)
        assert live.stored_contact(cid)["portal_status"] == "enabled"


async def test_resend_needs_an_earlier_invitation() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(email=EMAIL)
        with pytest.raises(ValidationError):
            await live.books.contacts.portal.resend_invite(pid)
        await live.books.contacts.portal.invite(pid)

        await live.books.contacts.portal.resend_invite(pid)

        assert live.last.path == f"{API}/contacts/contactpersons/{pid}/portal/invite/resend"
        assert len(live.org.related("portal_invitations", cid)) == 2


async def test_payment_reminders_off_and_on() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)

        stopped = await live.books.contacts.payment_reminders.disable(cid)
        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/{cid}/paymentreminder/disable")
        assert (await live.books.contacts.get(cid)).payment_reminder_enabled is False

        started = await live.books.contacts.payment_reminders.enable(cid)
        assert live.last.path == f"{API}/contacts/{cid}/paymentreminder/enable"
        assert (await live.books.contacts.get(cid)).payment_reminder_enabled is True

        assert stopped.message == "All reminders associated with this contact have been stopped."
        assert started.message == "All reminders associated with this contact have been enabled."
