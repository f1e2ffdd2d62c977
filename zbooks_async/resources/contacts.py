"""Contacts: create, read, update, delete and list customers and vendors."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Literal

from typing_extensions import Unpack

from .._generated.operations import contacts as contact_operations
from ..bulk.resolving import create_resolving, resolving
from ..converter import unstructure
from ..fields import prepare
from ..inputs import MAX_IDS_PER_REQUEST
from ..models.contacts import Contact
from ..pagination import MAX_PER_PAGE, Paginator
from ..pipeline.values import RequestOptions
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

if TYPE_CHECKING:
    from .._generated.params.contacts import CreateParams, ListParams

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

    def list(
        self,
        *,
        per_page: int = MAX_PER_PAGE,
        page: int = 1,
        options: RequestOptions | None = None,
        response_option: int | None = None,
        **params: Unpack[ListParams],
    ) -> Paginator[Contact]:
        """List contacts matching the filters; ``async for`` walks every page: the generated
        ``list``, which can also ask for page totals. Scope: contacts.READ.

        ``async for c in books.contacts.list(filter_by="Status.Active", sort_column="contact_name")``
        One page with its context: ``page = await books.contacts.list(per_page=50).page(2)``.
        With ``response_option=2`` each ``page.page_context`` also carries ``total`` and
        ``total_pages``.
        """
        return self._list(
            LIST,
            Contact,
            query=prepare(LIST, params).query,  # the one checker, as the generated list
            per_page=per_page,
            page=page,
            options=options,
            response_option=response_option,
        )
