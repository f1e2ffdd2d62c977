"""books.contacts.bank_accounts over the real aiohttp transport against the sandbox."""

from __future__ import annotations

import pytest

from zbooks_async import NotFoundError, ValidationError
from zbooks_async.models.bank_accounts import BankAccount

from .sandbox_session import API, ORG, Live, live_sandbox

FIELDS = {
    "gateway": "stripe",
    "account_number": "000123456789",
    "account_type": "checking",
    "routing_number": "110000000",
    "bank_name": "Wells Fargo",
    "beneficiary_name": "Will Smith",
    "zip": "10004",
    "accept_license": True,
}


async def _account(live: Live, contact_id: str) -> str:
    result = await live.books.contacts.bank_accounts.create(contact_id, **FIELDS)  # type: ignore[arg-type]
    assert result.bank_account is not None and result.bank_account.account_id
    live.requests.clear()
    return result.bank_account.account_id


async def test_create_sends_the_fields_and_answers_the_masked_account() -> None:
    async with live_sandbox() as live:
        cid = (await live.contact()).contact_id
        assert cid

        result = await live.books.contacts.bank_accounts.create(cid, **FIELDS)  # type: ignore[arg-type]

        sent = live.last
        assert (sent.method, sent.path) == ("POST", f"{API}/contacts/{cid}/bankaccount")
        assert sent.query == {"organization_id": ORG}
        assert sent.body == FIELDS
        assert result.message == "The bank account has been added."
        account = result.bank_account
        assert account is not None and account.account_id
        assert account.account_number == "XXXXXXXX6789" and account.last_four_digits == "6789"
        assert account.status == "pending_approval" and account.created_time is not None
        assert live.org.related("bank_accounts", cid)[account.account_id]["bank_name"] == "Wells Fargo"


async def test_get_reads_the_stored_account() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        account = await live.books.contacts.bank_accounts.get(cid, aid)

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/{cid}/bankaccount/{aid}")
        assert isinstance(account, BankAccount)
        assert (account.account_id, account.contact_id, account.routing_number) == (aid, cid, "110000000")


async def test_update_changes_only_the_fields_sent() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        result = await live.books.contacts.bank_accounts.update(
            cid, aid, bank_name="Chase", account_number="999988887777"
        )

        assert (live.last.method, live.last.path) == ("PUT", f"{API}/contacts/{cid}/bankaccount/{aid}")
        assert live.last.body == {"bank_name": "Chase", "account_number": "999988887777"}
        assert result.bank_account is not None
        assert result.bank_account.bank_name == "Chase" and result.bank_account.last_four_digits == "7777"
        stored = await live.books.contacts.bank_accounts.get(cid, aid)
        assert (stored.bank_name, stored.routing_number) == ("Chase", "110000000")


async def test_approved_account_shows_as_approved_and_cannot_be_declined() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        result = await live.books.contacts.bank_accounts.approve(cid, aid)

        assert (live.last.method, live.last.path) == (
            "POST",
            f"{API}/contacts/{cid}/bankaccount/{aid}/approve",
        )
        assert live.last.body is None
        assert result.message == "The bank account has been approved."
        assert (await live.books.contacts.bank_accounts.get(cid, aid)).status == "approved"
        with pytest.raises(ValidationError):
            await live.books.contacts.bank_accounts.decline(cid, aid)


async def test_declined_account_shows_as_declined() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        result = await live.books.contacts.bank_accounts.decline(cid, aid)

        assert live.last.path == f"{API}/contacts/{cid}/bankaccount/{aid}/decline"
        assert result.message == "The bank account has been declined."
        assert [a.status for a in await live.books.contacts.bank_accounts.list(cid)] == ["declined"]


async def test_verify_with_the_right_deposits_verifies() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        with pytest.raises(ValidationError):
            await live.books.contacts.bank_accounts.verify(
                cid, aid, first_deposit_amount=12, second_deposit_amount=34
            )
        await live.books.contacts.bank_accounts.verify(
            cid, aid, first_deposit_amount=32, second_deposit_amount=45
        )

        assert live.last.path == f"{API}/contacts/{cid}/bankaccount/{aid}/verify"
        assert live.last.query == {
            "first_deposit_amount": "32",
            "second_deposit_amount": "45",
            "organization_id": ORG,
        }
        account = await live.books.contacts.bank_accounts.get(cid, aid)
        assert (account.status, account.is_verified) == ("verified", True)


async def test_deleted_account_is_gone() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        aid = await _account(live, cid)

        result = await live.books.contacts.bank_accounts.delete(cid, aid)

        assert (live.last.method, live.last.path) == ("DELETE", f"{API}/contacts/{cid}/bankaccount/{aid}")
        assert result.message == "The bank account has been deleted."
        assert await live.books.contacts.bank_accounts.list(cid) == []
        with pytest.raises(NotFoundError):
            await live.books.contacts.bank_accounts.get(cid, aid)


async def test_list_gives_one_contacts_accounts() -> None:
    async with live_sandbox() as live:
        cid = str((await live.contact()).contact_id)
        other = str((await live.contact("Other Ltd")).contact_id)
        first, second = await _account(live, cid), await _account(live, cid)
        await _account(live, other)

        accounts = await live.books.contacts.bank_accounts.list(cid)

        assert (live.last.method, live.last.path) == ("GET", f"{API}/contacts/{cid}/bankaccounts")
        assert [a.account_id for a in accounts] == [first, second]


async def test_list_all_walks_every_contacts_accounts_page_by_page() -> None:
    async with live_sandbox() as live:
        ids = [str((await live.contact(f"Contact {n}")).contact_id) for n in range(3)]
        created = [await _account(live, contact_id) for contact_id in ids]

        accounts = [a async for a in live.books.contacts.bank_accounts.list_all(per_page=2)]

        assert [a.account_id for a in accounts] == created
        assert [(r.path, r.query["page"], r.query["per_page"]) for r in live.requests] == [
            (f"{API}/contacts/bankaccounts", "1", "2"),
            (f"{API}/contacts/bankaccounts", "2", "2"),
        ]


async def test_accounts_of_an_unknown_contact_are_not_found() -> None:
    async with live_sandbox() as live:
        with pytest.raises(NotFoundError):
            await live.books.contacts.bank_accounts.list("460000009999999")
