"""Emails to contacts: the content Zoho proposes, checking what a client asks to send, the outbox.

Nothing is delivered: each email "sent" is kept with the organization under
``org.related("emails", contact_id)`` and listed by :func:`sent_emails`, so tests can check
who would have received what.
"""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .state import JSONObject, Organization

EMAILS = "emails"
ORGANIZATION_NAME = "Zillium Inc"
SENDER = {"user_name": "Sandbox Admin", "email": "admin@zillium.example", "selected": True}
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")

# kind -> (subject, body, attachment name or None); {name} is the contact's name.
TEMPLATES: dict[str, tuple[str, str, str | None]] = {
    "statement": (
        f"Statement of transactions with {ORGANIZATION_NAME}",
        "Dear {name}, <br/>We have attached a list of all your transactions with us for the "
        "period {period}. Write to us or call us if you need any clarification. "
        f"<br/>Thanks for your business.<br/>Regards<br/>{ORGANIZATION_NAME}",
        "statement_{file}.pdf",
    ),
    "vendor_statement": (
        f"Vendor statement from {ORGANIZATION_NAME}",
        "Dear {name}, <br/>Please find attached the statement of our account with you for "
        f"the period {{period}}.<br/>Regards<br/>{ORGANIZATION_NAME}",
        "vendor_statement_{file}.pdf",
    ),
    "contact": (
        f"A message from {ORGANIZATION_NAME}",
        f"Dear {{name}}, <br/><br/>Regards<br/>{ORGANIZATION_NAME}",
        None,
    ),
    "client_review": (
        f"How was your experience with {ORGANIZATION_NAME}?",
        "Dear {name}, <br/>We would love to hear what you think of working with us. "
        f"Could you take a minute to review us?<br/>Regards<br/>{ORGANIZATION_NAME}",
        None,
    ),
    "payment_method": (
        f"Add a payment method for {ORGANIZATION_NAME}",
        "Dear {name}, <br/>To pay your invoices automatically, please add a card or a bank "
        f"account using the secure link below.<br/>Regards<br/>{ORGANIZATION_NAME}",
        None,
    ),
}


def _recipients(record: JSONObject) -> list[JSONObject]:
    persons = [p for p in record.get("contact_persons") or [] if p.get("email")]
    return persons


def content(record: JSONObject, kind: str, period: str = "") -> JSONObject:
    """The email Zoho proposes: subject, body, recipients (primary selected), attachment."""
    subject, body, attachment = TEMPLATES[kind]
    file_part = _NOT_NAME.sub("", str(record["contact_name"])) or "contact"
    data: JSONObject = {
        "contact_id": record["contact_id"],
        "subject": subject,
        "body": body.format(name=record["contact_name"], period=period or "this month"),
        "to_contacts": [
            {
                "contact_person_id": p["contact_person_id"],
                "salutation": p.get("salutation", ""),
                "first_name": p.get("first_name", ""),
                "last_name": p.get("last_name", ""),
                "email": p["email"],
                "phone": p.get("phone", ""),
                "mobile": p.get("mobile", ""),
                "selected": bool(p.get("is_primary_contact")),
            }
            for p in _recipients(record)
        ],
        "from_emails": [dict(SENDER)],
    }
    if attachment is not None:
        data["file_name"] = attachment.format(file=file_part)
    return data


def _addresses(value: Any, field: str, required: bool) -> list[str]:
    if value is None and not required:
        return []
    if (
        not isinstance(value, list)
        or (required and not value)
        or not all(isinstance(a, str) and _ADDRESS.match(a) for a in value)
    ):
        raise errors.invalid_field(field)
    return list(value)


def outgoing(
    record: JSONObject, kind: str, body: JSONObject | None, *, required: bool, period: str = ""
) -> JSONObject:
    """What will be sent: the client's content checked, or the default content.

    With ``required``, the body must carry ``to_mail_ids``, ``subject`` and ``body``.
    Without a body, the default content goes to the contact's selected persons.
    """
    if body is None:
        if required:
            raise errors.missing_body()
        proposed = content(record, kind, period)
        to = [p["email"] for p in proposed["to_contacts"] if p["selected"]]
        to = to or [p["email"] for p in proposed["to_contacts"]]
        if not to:
            raise errors.invalid_field("to_mail_ids")
        return {
            "to_mail_ids": to,
            "cc_mail_ids": [],
            "subject": proposed["subject"],
            "body": proposed["body"],
        }
    for field in ("subject", "body"):
        value = body.get(field)
        if (required or field in body) and (not isinstance(value, str) or not value.strip()):
            raise errors.invalid_field(field)
    default = content(record, kind, period)
    to = _addresses(body.get("to_mail_ids"), "to_mail_ids", required=required)
    if not to:
        to = [p["email"] for p in default["to_contacts"] if p["selected"]]
        if not to:
            raise errors.invalid_field("to_mail_ids")
    sent = {
        "to_mail_ids": to,
        "cc_mail_ids": _addresses(body.get("cc_mail_ids"), "cc_mail_ids", required=False),
        "subject": body.get("subject") or default["subject"],
        "body": body.get("body") or default["body"],
    }
    if "send_from_org_email_id" in body:
        if not isinstance(body["send_from_org_email_id"], bool):
            raise errors.invalid_field("send_from_org_email_id")
        sent["send_from_org_email_id"] = body["send_from_org_email_id"]
    return sent


def record_sent(
    org: Organization,
    record: JSONObject,
    kind: str,
    email: JSONObject,
    attachments: list[str],
    sent_time: str,
) -> JSONObject:
    """Keep an email in the organization's outbox and return it."""
    email_id = org.new_id()
    kept = {
        "email_id": email_id,
        "contact_id": record["contact_id"],
        "kind": kind,
        **email,
        "attachments": attachments,
        "sent_time": sent_time,
    }
    org.related(EMAILS, record["contact_id"])[email_id] = kept
    org.touch()
    return kept


def sent_emails(org: Organization, contact_id: str) -> list[JSONObject]:
    """The emails "sent" to a contact, oldest first."""
    return list(org.related(EMAILS, contact_id).values())
