"""Bank accounts of a contact: add, update, get, delete, approve, decline, verify, list.

An added account waits for review (``pending_approval``); approving or declining it decides,
and either can be repeated but not reversed. Verification takes the two micro-deposits, which
in the sandbox are always 32 and 45 cents (Stripe's test amounts). The full account number is
never shown again: answers carry it masked, with its last four digits.
"""

from __future__ import annotations

from aiohttp import web

from .. import errors
from ..contacts import normalise
from ..envelope import success
from ..payload import json_object
from ..state import JSONObject, Organization
from .common import Serve, every_item, now, organization_of, page_of, stored_contact, stored_item

KIND = "bank_accounts"
LABEL = "Bank account"
MICRO_DEPOSITS = ("32", "45")
FIELDS = (
    "gateway",
    "account_type",
    "routing_number",
    "check_number",
    "bank_name",
    "name",
    "first_name",
    "last_name",
    "beneficiary_name",
    "street",
    "city",
    "state",
    "country",
    "zip",
)
DECIDED = {"approve": "approved", "decline": "declined"}


def _stored(request: web.Request) -> tuple[Organization, JSONObject]:
    org, record = stored_contact(request)
    account = stored_item(org, KIND, record["contact_id"], request.match_info["account_id"], LABEL)
    return org, account


def _apply(account: JSONObject, body: JSONObject, now: str) -> None:
    body = normalise(body)
    for field in FIELDS:
        if field in body:
            account[field] = str(body[field])
    if "account_number" in body:
        number = str(body["account_number"])
        if not number.isdigit() or not 4 <= len(number) <= 17:
            raise errors.invalid_field("account_number")
        account["last_four_digits"] = number[-4:]
        account["account_number"] = "X" * (len(number) - 4) + number[-4:]
    account["last_modified_time"] = now


async def add_account(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/bankaccount."""
    org, record = stored_contact(request)
    body = await json_object(request)
    if "account_number" not in body:
        raise errors.invalid_field("account_number")
    stamp = now(request)
    account: JSONObject = {
        "account_id": org.new_id(),
        "contact_id": record["contact_id"],
        "contact_name": record["contact_name"],
        "status": "pending_approval",
        "is_verified": False,
        "created_time": stamp,
    }
    _apply(account, body, stamp)
    org.related(KIND, record["contact_id"])[account["account_id"]] = account
    org.touch()
    return success("The bank account has been added.", bank_account=account)


async def update_account(request: web.Request) -> web.Response:
    """PUT /contacts/{contact_id}/bankaccount/{account_id}: fields not sent stay."""
    org, account = _stored(request)
    body = await json_object(request)
    changed = dict(account)  # checked whole before the stored account changes
    _apply(changed, body, now(request))
    account.update(changed)
    org.touch()
    return success("The bank account has been updated.", bank_account=account)


async def get_account(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/bankaccount/{account_id}."""
    _, account = _stored(request)
    return success(bank_account=account)


async def delete_account(request: web.Request) -> web.Response:
    """DELETE /contacts/{contact_id}/bankaccount/{account_id}."""
    org, account = _stored(request)
    del org.related(KIND, account["contact_id"])[account["account_id"]]
    org.touch()
    return success("The bank account has been deleted.")


async def _decide(request: web.Request, action: str) -> web.Response:
    org, account = _stored(request)
    outcome = DECIDED[action]
    if account["status"] not in ("pending_approval", outcome):
        raise errors.invalid_field(f"status: the bank account is already {account['status']}")
    account["status"] = outcome
    account["last_modified_time"] = now(request)
    org.touch()
    return success(f"The bank account has been {outcome}.")


async def approve_account(request: web.Request) -> web.Response:
    """POST .../bankaccount/{account_id}/approve: pending (or approved) -> approved."""
    return await _decide(request, "approve")


async def decline_account(request: web.Request) -> web.Response:
    """POST .../bankaccount/{account_id}/decline: pending (or declined) -> declined."""
    return await _decide(request, "decline")


async def verify_account(request: web.Request) -> web.Response:
    """POST .../bankaccount/{account_id}/verify?first_deposit_amount=&second_deposit_amount=."""
    org, account = _stored(request)
    deposits = (
        request.query.get("first_deposit_amount", ""),
        request.query.get("second_deposit_amount", ""),
    )
    if not all(amount.isdigit() for amount in deposits):
        raise errors.invalid_parameter("first_deposit_amount")
    if account["status"] == "declined":
        raise errors.invalid_field("status: a declined bank account cannot be verified")
    if tuple(str(int(amount)) for amount in deposits) != MICRO_DEPOSITS:
        raise errors.invalid_field("deposit amounts: they do not match the deposits made")
    account["status"] = "verified"
    account["is_verified"] = True
    account["last_modified_time"] = now(request)
    org.touch()
    return success("The bank account has been verified.")


async def list_accounts(request: web.Request) -> web.Response:
    """GET /contacts/{contact_id}/bankaccounts."""
    org, record = stored_contact(request)
    return success(bank_accounts=list(org.related(KIND, record["contact_id"]).values()))


async def list_all_accounts(request: web.Request) -> web.Response:
    """GET /contacts/bankaccounts: every contact's accounts, paginated."""
    page = page_of(request, list(every_item(organization_of(request), KIND)), "Bank accounts")
    return success(bank_accounts=page["items"], page_context=page["page_context"])


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/bankaccount"): add_account,
    ("PUT", "/contacts/{contact_id}/bankaccount/{account_id}"): update_account,
    ("GET", "/contacts/{contact_id}/bankaccount/{account_id}"): get_account,
    ("DELETE", "/contacts/{contact_id}/bankaccount/{account_id}"): delete_account,
    ("POST", "/contacts/{contact_id}/bankaccount/{account_id}/approve"): approve_account,
    ("POST", "/contacts/{contact_id}/bankaccount/{account_id}/decline"): decline_account,
    ("POST", "/contacts/{contact_id}/bankaccount/{account_id}/verify"): verify_account,
    ("GET", "/contacts/{contact_id}/bankaccounts"): list_accounts,
    ("GET", "/contacts/bankaccounts"): list_all_accounts,
}
"""(method, path template) -> the hook that answers it."""
