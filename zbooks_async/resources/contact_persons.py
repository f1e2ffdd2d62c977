"""Contact persons: the people at a customer or vendor whom documents are addressed to."""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from .._generated.api.contacts import ContactsPersons
from .._generated.operations import contacts as contact_operations
from .._generated.params.contacts import PersonsUpdateParams
from ..inputs import Id, body_from, require_change
from ..models.contacts import CommunicationPreference, ContactPerson
from ..operations import check_id
from ..pipeline.values import RequestOptions

CREATE = contact_operations.PERSONS_CREATE
UPDATE = contact_operations.PERSONS_UPDATE


class ContactPersonFields(TypedDict, total=False):
    """The body fields of create and update, named as in Zoho's OpenAPI documents."""

    salutation: str
    first_name: str
    last_name: str
    email: str
    phone: str
    mobile: str
    mobile_country_code: str
    department: str
    designation: str
    skype: str
    fax: str
    is_primary_contact: bool
    enable_portal: bool
    communication_preference: CommunicationPreference


class ContactPersonEntry(ContactPersonFields, total=False):
    """A person in a contact's ``contact_persons``: new ones without an id, existing ones with it.

    For mypy only: at run time a dict is sent on as it is (an export's persons import unchanged).

    ``contact_persons=[{"first_name": "Will", "email": "will@zylker.com"}]``
    """

    contact_person_id: Id


class ContactPersons(ContactsPersons):
    """``books.contacts.persons``: people at a contact. Scopes ``ZohoBooks.contacts.*``."""

    async def create(  # type: ignore[override]
        self,
        contact_id: str,
        person: ContactPerson | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[ContactPersonFields],
    ) -> ContactPerson:
        """Add a person to a contact. Scope: contacts.CREATE.

        ``await books.contacts.persons.create(contact_id, first_name="Will", email="will@zylker.com")``
        """
        body = body_from(person, ContactPersonFields, fields)
        body["contact_id"] = check_id("contact_id", contact_id)
        if not body.get("first_name"):
            raise ValueError("first_name is required to create a contact person")
        return await self._fetch(CREATE, ContactPerson, json=body, options=options)

    async def update(
        self,
        contact_person_id: str | int,
        contact_person: ContactPerson | None = None,
        /,
        *,
        options: RequestOptions | None = None,
        **fields: Unpack[PersonsUpdateParams],
    ) -> ContactPerson:
        """Update a contact person; fields not given stay as they are. Scope: contacts.UPDATE.

        ``contact_id`` only says whose person it is: an update of nothing else is refused.
        ``await books.contacts.persons.update(person_id, contact_id=contact_id, phone="+1-925-921-9201")``
        """
        if "contact_id" in fields:
            check_id("contact_id", fields["contact_id"])
        if contact_person is None:
            require_change(UPDATE.name, {k: v for k, v in fields.items() if k != "contact_id"})
        return await super().update(contact_person_id, contact_person, options=options, **fields)
