"""Contact actions on books.contacts (merge, reference, e-invoice, TRN, upsert by custom field)
over the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import CustomField, NotFoundError, ValidationError

from .sandbox_session import API, ORG, live_sandbox


async def test_merge_moves_the_duplicates_accounts_and_deletes_them() -> None:
    async with live_sandbox() as live:
        kept = str((await live.contact("Bowman and Co")).contact_id)
        duplicate = str((await live.contact("Bowman & Co")).contact_id)
        added = await live.books.contacts.bank_accounts.create(duplicate, account_number="000123456789")
        assert added.bank_account is not None
        live.requests.clear()

        result = await live.books.contacts.merge(kept, contact_ids=[duplicate])

        assert (live.last.method, live.last.path, live.last.query) == (
            "POST",
            f"{API}/contacts/{kept}/merge",
            {"contact_ids": duplicate, "organization_id": ORG},
        )
        assert result.code == 0
        with pytest.raises(NotFoundError):
            await live.books.contacts.get(duplicate)
        [account] = await live.books.contacts.bank_accounts.list(kept)
        assert (account.account_id, account.contact_id) == (added.bank_account.account_id, kept)


async def test_get_by_reference_finds_the_contact_number_with_a_slash() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact(contact_number="CRM/00 42")).contact_id)

        contact = await live.books.contacts.get_by_reference("CRM/00 42")

        assert live.last.method == "GET"
        assert live.last.path == f"{API}/contacts/reference/CRM/00 42"
        assert contact.contact_id == cid and contact.contact_number == "CRM/00 42"
        with pytest.raises(NotFoundError):
            await live.books.contacts.get_by_reference("CRM-unknown")


async def test_verify_einvoice_needs_a_gstin() -> None:
    async with live_sandbox() as live:
        with_gst = str((await live.contact("Kumar Traders", gst_no="22AAAAA0000A1Z5")).contact_id)
        without = str((await live.contact("No GST Ltd")).contact_id)

        result = await live.books.contacts.verify_einvoice(with_gst)

        assert (live.last.method, live.last.path) == ("POST", f"{API}/contacts/{with_gst}/einvoice/verify")
        assert result.code == 0
        with pytest.raises(ValidationError):
            await live.books.contacts.verify_einvoice(without)


async def test_update_trn_status() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact("Gulf Trading", tax_reg_no="100000000000003")).contact_id)

        result = await live.books.contacts.update_trn_status(cid)

        assert (live.last.method, live.last.path, live.last.query) == (
            "POST",
            f"{API}/contacts/{cid}/trnstatus",
            {"organization_id": ORG},
        )
        assert result.code == 0


async def test_update_by_custom_field_sends_the_headers_and_updates_the_match() -> None:
    async with live_sandbox() as live:
        crm_id = CustomField(api_name="cf_crm_id", label="CRM id", value="C-42")
        cid = str((await live.contact(custom_fields=[crm_id])).contact_id)

        contact = await live.books.contacts.update_by_custom_field("cf_crm_id", "C-42", notes="VIP")

        sent = live.last
        assert (sent.method, sent.path, sent.query) == ("PUT", f"{API}/contacts", {"organization_id": ORG})
        assert sent.headers["X-Unique-Identifier-Key"] == "cf_crm_id"
        assert sent.headers["X-Unique-Identifier-Value"] == "C-42"
        assert "X-Upsert" not in sent.headers
        assert sent.body == {"notes": "VIP"}
        assert (contact.contact_id, contact.notes) == (cid, "VIP")


async def test_upsert_creates_the_contact_when_no_value_matches() -> None:
    async with live_sandbox() as live:
        with pytest.raises(NotFoundError):
            await live.books.contacts.update_by_custom_field("cf_crm_id", "C-7", contact_name="New Co")

        created = await live.books.contacts.update_by_custom_field(
            "cf_crm_id",
            "C-7",
            contact_name="New Co",
            custom_fields=[CustomField(api_name="cf_crm_id", value="C-7")],
            upsert=True,
        )

        assert live.last.headers["X-Upsert"] == "true"
        assert created.contact_id in live.org.contacts
        assert created.contact_name == "New Co"
