"""Email content Zoho proposes before it sends a contact a statement, a review or a request."""

from __future__ import annotations

import attrs

from .base import Model


@attrs.define(kw_only=True)
class EmailRecipient(Model):
    """A contact person the email can go to; ``selected`` ones are the default recipients."""

    contact_person_id: str | None = None
    salutation: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    selected: bool | None = None


@attrs.define(kw_only=True)
class EmailSender(Model):
    """An address the email can be sent from."""

    user_name: str | None = None
    email: str | None = None
    selected: bool | None = None


@attrs.define(kw_only=True)
class EmailContent(Model):
    """The subject, body, recipients and attachment name Zoho would use for an email."""

    contact_id: str | None = None
    subject: str | None = None
    body: str | None = None
    file_name: str | None = None
    to_contacts: list[EmailRecipient] | None = None
    from_emails: list[EmailSender] | None = None
