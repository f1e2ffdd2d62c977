"""Sandbox rules of bank accounts, cards, SMS, owners, 1099 and merges, over raw HTTP: the
answers a client that skips the SDK's checks would get."""

from __future__ import annotations

from .conftest import Harness


async def _contact(sb: Harness, name: str = "Bowman and Co", **fields: object) -> str:
    status, payload = await sb.json("POST", "/contacts", json={"contact_name": name, **fields})
    assert status == 201, payload
    contact_id: str = payload["contact"]["contact_id"]
    return contact_id


async def test_bulk_routes_refuse_more_than_25_ids(sb: Harness) -> None:
    ids = ",".join(str(460000000026049 + n) for n in range(26))
    for path in ("/contacts/owner", "/contacts/track1099", "/contacts/sms"):
        status, payload = await sb.json("POST", path, params={"contact_ids": ids, "owner_id": "1"})
        assert (status, payload["code"]) == (400, 2), path


async def test_bulk_routes_need_contact_ids(sb: Harness) -> None:
    status, payload = await sb.json("GET", "/contacts/sms")
    assert (status, payload["code"]) == (400, 2)


async def test_unknown_bank_account_and_card_are_code_1002(sb: Harness) -> None:
    cid = await _contact(sb)
    status, payload = await sb.json("GET", f"/contacts/{cid}/bankaccount/460000000099999")
    assert (status, payload) == (404, {"code": 1002, "message": "Bank account does not exist."})
    status, payload = await sb.json("DELETE", f"/contacts/{cid}/card/460000000099999")
    assert (status, payload) == (404, {"code": 1002, "message": "Card does not exist."})


async def test_a_deleted_contact_takes_its_accounts_and_cards_along(sb: Harness) -> None:
    cid = await _contact(sb)
    await sb.json("POST", f"/contacts/{cid}/bankaccount", json={"account_number": "000123456789"})
    await sb.json("POST", f"/contacts/{cid}/card", json={"card_token": "tok_visa"})

    await sb.json("DELETE", f"/contacts/{cid}")

    _, accounts = await sb.json("GET", "/contacts/bankaccounts")
    _, count = await sb.json("GET", "/contacts/cardcount")
    assert accounts["bank_accounts"] == [] and count["card_count"] == 0


async def test_bank_account_numbers_are_never_answered_in_full(sb: Harness) -> None:
    cid = await _contact(sb)
    _, added = await sb.json("POST", f"/contacts/{cid}/bankaccount", json={"account_number": "000123456789"})
    account_id = added["bank_account"]["account_id"]
    _, listed = await sb.json("GET", f"/contacts/{cid}/bankaccounts")
    _, fetched = await sb.json("GET", f"/contacts/{cid}/bankaccount/{account_id}")
    for account in (added["bank_account"], listed["bank_accounts"][0], fetched["bank_account"]):
        assert account["account_number"] == "XXXXXXXX6789"


async def test_a_contact_cannot_be_merged_into_itself(sb: Harness) -> None:
    cid = await _contact(sb)
    status, payload = await sb.json("POST", f"/contacts/{cid}/merge", params={"contact_ids": cid})
    assert (status, payload["code"]) == (400, 2)
    assert (await sb.json("GET", f"/contacts/{cid}"))[0] == 200


async def test_owner_id_is_required(sb: Harness) -> None:
    cid = await _contact(sb)
    status, payload = await sb.json("POST", f"/contacts/{cid}/owner")
    assert (status, payload["code"]) == (400, 2)


async def test_unknown_contact_person_is_code_1002(sb: Harness) -> None:
    status, payload = await sb.json("POST", "/contacts/contactpersons/460000000099999/sms/enable")
    assert (status, payload) == (404, {"code": 1002, "message": "Contact person does not exist."})
