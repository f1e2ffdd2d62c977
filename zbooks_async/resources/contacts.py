"""Contacts: create, read, update, delete and list customers and vendors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Literal, TypedDict

from typing_extensions import Unpack

from .._generated.operations import contacts as contact_operations
from .._generated.params.contacts import CreateParams
from ..batching import in_batches
from ..bulk.resolving import create_resolving, resolving
from ..converter import unstructure
from ..inputs import MAX_IDS_PER_REQUEST, Id, checked_fields
from ..models.base import ActionResult
from ..models.contacts import Contact
from ..pagination import MAX_PER_PAGE, Paginator
from ..pipeline.values import RequestOptions
from ..sync import Changes
from .addresses import Addresses
from .bank_accounts import BankAccounts
from .cards import Cards
from .comments import Comments
from .contact_actions import ContactActions
from .contact_persons import ContactPersons
from .documents import Documents
from .emails import ContactEmails
from .owners import Owners
from .payment_reminders import PaymentReminders
from .portal import Portal
from .reports import ContactReports
from .sms import Sms
from .statements import ContactStatements
from .tags import Tags
from .tax_info import TaxInfo
from .tracking_1099 import Tracking1099

CREATE = contact_operations.CREATE
LIST = contact_operations.LIST
GET = contact_operations.GET
DELETE = contact_operations.DELETE
DELETE_MANY = contact_operations.DELETE_MANY
MARK_ACTIVE = contact_operations.MARK_ACTIVE
MARK_INACTIVE = contact_operations.MARK_INACTIVE

BULK_DELETE_CAP = MAX_IDS_PER_REQUEST
FilterBy = Literal[
    "Status.All",
    "Status.Active",
    "Status.Inactive",
    "Status.Duplicate",
    "Status.PortalEnabled",
    "Status.PortalDisabled",
    "Invoice.OverDue",
    "Invoice.Unpaid",
    "Status.CreditLimitExceed",
    "Status.Crm",
]
SortColumn = Literal[
    "contact_name",
    "first_name",
    "last_name",
    "email",
    "outstanding_receivable_amount",
    "created_time",
    "last_modified_time",
]


class ContactFilters(TypedDict, total=False):
    """The filters of list contacts, named as in Zoho's OpenAPI document."""

    contact_type: Literal["customer", "vendor"]
    contact_name: str
    contact_name_startswith: str
    contact_name_contains: str
    company_name: str
    company_name_startswith: str
    company_name_contains: str
    first_name: str
    first_name_startswith: str
    first_name_contains: str
    last_name: str
    last_name_startswith: str
    last_name_contains: str
    address: str
    address_startswith: str
    address_contains: str
    email: str
    email_startswith: str
    email_contains: str
    phone: str
    phone_startswith: str
    phone_contains: str
    filter_by: FilterBy
    search_text: str
    sort_column: SortColumn
    sort_order: Literal["A", "D"]
    zcrm_contact_id: Id
    zcrm_account_id: Id
    zcrm_vendor_id: Id


class Contacts(ContactActions):
    """``books.contacts``: customers and vendors. Scopes ``ZohoBooks.contacts.*``.

    The generated ``books.contacts`` with what goes beyond one call; each sub-resource is the
    generated one with its extras, built on first use.
    """

    @cached_property
    def persons(self) -> ContactPersons:
        """``books.contacts.persons``."""
        return ContactPersons(self._sender)

    @cached_property
    def addresses(self) -> Addresses:
        """``books.contacts.addresses``."""
        return Addresses(self._sender)

    @cached_property
    def comments(self) -> Comments:
        """``books.contacts.comments``."""
        return Comments(self._sender)

    @cached_property
    def documents(self) -> Documents:
        """``books.contacts.documents``."""
        return Documents(self._sender)

    @cached_property
    def tags(self) -> Tags:
        """``books.contacts.tags``."""
        return Tags(self._sender)

    @cached_property
    def tax_info(self) -> TaxInfo:
        """``books.contacts.tax_info``."""
        return TaxInfo(self._sender)

    @cached_property
    def bank_accounts(self) -> BankAccounts:
        """``books.contacts.bank_accounts``."""
        return BankAccounts(self._sender)

    @cached_property
    def cards(self) -> Cards:
        """``books.contacts.cards``."""
        return Cards(self._sender)

    @cached_property
    def sms(self) -> Sms:
        """``books.contacts.sms``."""
        return Sms(self._sender)

    @cached_property
    def portal(self) -> Portal:
        """``books.contacts.portal``."""
        return Portal(self._sender)

    @cached_property
    def payment_reminders(self) -> PaymentReminders:
        """``books.contacts.payment_reminders``."""
        return PaymentReminders(self._sender)

    @cached_property
    def owners(self) -> Owners:
        """``books.contacts.owners``."""
        return Owners(self._sender)

    @cached_property
    def tracking_1099(self) -> Tracking1099:
        """``books.contacts.tracking_1099``."""
        return Tracking1099(self._sender)

    @cached_property
    def statements(self) -> ContactStatements:
        """``books.contacts.statements``."""
        return ContactStatements(self._sender)

    @cached_property
    def emails(self) -> ContactEmails:
        """``books.contacts.emails``."""
        return ContactEmails(self._sender)

    @cached_property
    def reports(self) -> ContactReports:
        """``books.contacts.reports``."""
        return ContactReports(self._sender)

    async def create(
        self,
        contact: Contact | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        resolve_unknown: bool | None = None,
        **params: Unpack[CreateParams],
    ) -> Contact:
        """Create a contact from keyword fields (or a ``Contact``): the generated ``create``,
        which can settle a lost answer. Scope: contacts.CREATE.

        ``await books.contacts.create(contact_name="Bowman and Co", contact_type="customer")``

        ``resolve_unknown=True``: if the answer is lost, send the create again and read Zoho's
        duplicate-name refusal (code 3062) as "the first attempt made it", returning that
        contact (see ``zbooks_async.bulk.resolving``). ``None`` (default) resolves inside a
        ``run_bulk`` item unless the run says otherwise, and not elsewhere.
        """
        create = super().create
        if not resolving(resolve_unknown):
            return await create(contact, options=options, **params)
        body = {**(unstructure(contact) if contact is not None else {}), **params}
        return await create_resolving(
            self._sender, CREATE.name, body, lambda: create(contact, options=options, **params)
        )

    async def delete_many(  # type: ignore[override]
        self, contact_ids: Sequence[str], *, options: RequestOptions | None = None
    ) -> list[ActionResult]:
        """Delete several contacts, in requests of at most 25 ids. Scope: contacts.DELETE.

        ``await books.contacts.delete_many(["4600...49", "4600...50"])``
        """
        return await in_batches(
            lambda **ids: self._action(DELETE_MANY, query=ids, options=options),
            contact_ids,
            param="contact_ids",
        )

    def list(
        self,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
        response_option: int | None = None,
        **filters: Unpack[ContactFilters],
    ) -> Paginator[Contact]:
        """List contacts matching ``filters``; ``async for`` walks every page. Scope: contacts.READ.

        ``async for c in books.contacts.list(filter_by="Status.Active", sort_column="contact_name")``
        One page with its context: ``page = await books.contacts.list(per_page=50).page(2)``.
        With ``response_option=2`` each ``page.page_context`` also carries ``total`` and
        ``total_pages``.
        """
        return self._list(
            LIST,
            Contact,
            query=checked_fields(ContactFilters, filters),
            per_page=per_page,
            page=page,
            options=options,
            response_option=response_option,
        )

    def changed_since(
        self,
        mark: datetime | date | None,
        *,
        per_page: int = MAX_PER_PAGE,
        options: RequestOptions | None = None,
        **filters: Unpack[ContactFilters],
    ) -> Changes[Contact]:
        """Contacts modified at or after ``mark``, newest first (all if None). Scope: contacts.READ.

        ``mark`` is an aware datetime, or a date meaning midnight UTC.

        ``changes = books.contacts.changed_since(mark)``; ``async for c in changes``; then save
        ``changes.next_mark`` for the next run. See ``zbooks_async.sync``.
        """
        if "sort_column" in filters or "sort_order" in filters:
            raise TypeError("changed_since sorts by last_modified_time itself: drop sort_column/sort_order")
        newest_first: ContactFilters = {
            **filters,
            "sort_column": "last_modified_time",
            "sort_order": "D",
        }
        return Changes(
            self.list(per_page=per_page, options=options, **newest_first),
            mark,
            modified=lambda contact: contact.last_modified_time,
            identity=lambda contact: contact.contact_id,
        )
