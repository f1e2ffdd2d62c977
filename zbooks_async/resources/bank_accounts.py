"""Bank accounts of a contact: add, change, review (approve, decline, verify), list, delete."""

from __future__ import annotations

from typing import TypedDict

from .._generated.api.contacts import ContactsBankAccounts
from .._generated.operations import contacts as contact_operations
from ..inputs import checked_fields
from ..models.base import ActionResult
from ..pipeline.values import RequestOptions
from .base import PathParams

_ONE = "/contacts/{contact_id}/bankaccount/{account_id}"

VERIFY = contact_operations.BANK_ACCOUNTS_VERIFY


class BankAccountFields(TypedDict, total=False):
    """The body fields of add and update, named as in Zoho's OpenAPI document."""

    gateway: str
    account_number: str
    account_type: str
    routing_number: str
    check_number: str
    bank_name: str
    name: str
    first_name: str
    last_name: str
    beneficiary_name: str
    street: str
    city: str
    state: str
    country: str
    zip: str | int
    accept_license: bool


def _path(contact_id: str, account_id: str) -> PathParams:
    return {"contact_id": contact_id, "account_id": account_id}


class BankAccounts(ContactsBankAccounts):
    """``books.contacts.bank_accounts``: accounts a contact pays from by ACH or bank transfer."""

    async def verify(
        self,
        contact_id: str,  # type: ignore[override]
        account_id: str,  # type: ignore[override]
        *,
        first_deposit_amount: int,  # type: ignore[override]
        second_deposit_amount: int,  # type: ignore[override]
        options: RequestOptions | None = None,
    ) -> ActionResult:
        """Verify a bank account with the two micro-deposits (in cents) credited to it.
        Scope: contacts.CREATE.

        ``await accounts.verify(cid, aid, first_deposit_amount=12, second_deposit_amount=34)``
        """
        query = checked_fields(
            _Deposits,
            {
                "first_deposit_amount": first_deposit_amount,
                "second_deposit_amount": second_deposit_amount,
            },
        )
        if min(query.values()) <= 0:
            raise ValueError(f"deposit amounts are positive amounts in cents, got {query}")
        path = _path(contact_id, account_id)
        return await self._action(VERIFY, path=path, query=query, options=options)


class _Deposits(TypedDict):
    first_deposit_amount: int
    second_deposit_amount: int
