"""books.contacts.sms over the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import ValidationError

from .sandbox_session import API, ORG, live_sandbox

MOBILE = "+1-4054439562"


async def test_enabling_sms_for_a_person_marks_their_preference() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(first_name="Will", mobile=MOBILE)

        result = await live.books.contacts.sms.enable_for_person(pid)

        assert (live.last.method, live.last.path, live.last.query) == (
            "POST",
            f"{API}/contacts/contactpersons/{pid}/sms/enable",
            {"organization_id": ORG},
        )
        assert result.code == 0
        contact = await live.books.contacts.get(cid)
        assert contact.contact_persons and contact.contact_persons[0].communication_preference
        assert contact.contact_persons[0].communication_preference.is_sms_enabled is True


async def test_disabling_sms_for_a_person() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(mobile=MOBILE)
        await live.books.contacts.sms.enable_for_person(pid)

        await live.books.contacts.sms.disable_for_person(pid)

        assert live.last.path == f"{API}/contacts/contactpersons/{pid}/sms/disable"
        person = live.stored_contact(cid)["contact_persons"][0]
        assert person["communication_preference"]["is_sms_enabled"] is False


async def test_a_person_without_a_mobile_cannot_get_sms() -> None:
    async with live_sandbox() as live:
        _, pid = await live.contact_with_person(first_name="Ann")

        with pytest.raises(ValidationError):
            await live.books.contacts.sms.enable_for_person(pid)


async def test_send_goes_to_persons_with_sms_enabled() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(mobile=MOBILE)
        with pytest.raises(ValidationError):  # nobody has SMS enabled yet
            await live.books.contacts.sms.send(cid)
        await live.books.contacts.sms.enable_for_person(pid)

        result = await live.books.contacts.sms.send(cid, body="Invoice INV-7 is due")

        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/{cid}/sms")
        assert live.last.body == {"body": "Invoice INV-7 is due"}
        assert result.message == "Your SMS has been sent."
        [sms] = live.org.related("sms_sent", cid).values()
        assert (sms["body"], sms["to_mobile_numbers"]) == ("Invoice INV-7 is due", [MOBILE])


async def test_get_content_names_the_recipients() -> None:
    async with live_sandbox() as live:
        cid, pid = await live.contact_with_person(first_name="Will", mobile=MOBILE)
        await live.books.contacts.sms.enable_for_person(pid)

        content = await live.books.contacts.sms.get_content(cid)

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/{cid}/sms")
        assert content.contact_id == cid and content.body and "Bowman and Co" in content.body
        assert content.to_contacts is not None
        [recipient] = content.to_contacts
        assert (recipient.contact_person_id, recipient.mobile, recipient.selected) == (pid, MOBILE, True)


async def test_send_many_splits_and_reaches_every_contact() -> None:
    async with live_sandbox() as live:
        ids = []
        for n in range(30):
            cid, pid = await live.contact_with_person(f"Contact {n}", mobile=f"+1-555-01{n:02d}")
            await live.books.contacts.sms.enable_for_person(pid)
            ids.append(cid)
        live.requests.clear()

        results = await live.books.contacts.sms.send_many(contact_ids=ids)

        assert [r.code for r in results] == [0, 0]
        assert [(r.method, r.path) for r in live.requests] == [("POST", f"{API}/contacts/sms")] * 2
        assert [r.query["contact_ids"].split(",") for r in live.requests] == [ids[:25], ids[25:]]
        assert all(len(live.org.related("sms_sent", cid)) == 1 for cid in ids)


async def test_get_content_many_lists_every_recipient() -> None:
    async with live_sandbox() as live:
        first, _ = await live.contact_with_person("A", mobile="+1-555-0101")
        second, _ = await live.contact_with_person("B", mobile="+1-555-0102")

        content = await live.books.contacts.sms.get_content_many(contact_ids=[first, second])

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/sms")
        assert live.last.query == {"contact_ids": f"{first},{second}", "organization_id": ORG}
        assert content.contact_ids == [first, second]
        assert content.to_contacts is not None
        assert [r.mobile for r in content.to_contacts] == ["+1-555-0101", "+1-555-0102"]
