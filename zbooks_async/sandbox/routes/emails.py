"""Email routes: email a contact, and the client review and payment method request emails."""

from __future__ import annotations

from aiohttp import web

from .. import errors, mail
from ..envelope import success
from .common import Serve, now, stored_contact
from .contact_requests import optional_body


async def email_contact(request: web.Request) -> web.Response:
    """POST /contacts/{id}/email[?send_customer_statement=true]: to_mail_ids, subject, body."""
    org, record = stored_contact(request)
    with_statement = request.query.get("send_customer_statement", "false")
    if with_statement not in ("true", "false"):
        raise errors.invalid_parameter("send_customer_statement")
    body, attached = await optional_body(request)
    email = mail.outgoing(record, "contact", body, required=True)
    if with_statement == "true":
        attached = [mail.content(record, "statement")["file_name"], *attached]
    mail.record_sent(org, record, "contact", email, attached, now(request))
    return success("Email has been sent.")


async def _send_templated(request: web.Request, kind: str) -> web.Response:
    org, record = stored_contact(request)
    body, attached = await optional_body(request)
    email = mail.outgoing(record, kind, body, required=False)
    mail.record_sent(org, record, kind, email, attached, now(request))
    return success()


async def send_client_review(request: web.Request) -> web.Response:
    """POST /contacts/{id}/clientreviews/email: default or custom review request."""
    return await _send_templated(request, "client_review")


async def send_payment_method_request(request: web.Request) -> web.Response:
    """POST /contacts/{id}/paymentmethod/email: default or custom payment method request."""
    return await _send_templated(request, "payment_method")


async def email_content(request: web.Request) -> web.Response:
    """GET /contacts/{id}/email."""
    _, record = stored_contact(request)
    return success(data=mail.content(record, "contact"))


async def client_review_content(request: web.Request) -> web.Response:
    """GET /contacts/{id}/clientreviews/email."""
    _, record = stored_contact(request)
    return success(data=mail.content(record, "client_review"))


async def payment_method_request_content(request: web.Request) -> web.Response:
    """GET /contacts/{id}/paymentmethod/email."""
    _, record = stored_contact(request)
    return success(data=mail.content(record, "payment_method"))


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/email"): email_contact,
    ("GET", "/contacts/{contact_id}/email"): email_content,
    ("POST", "/contacts/{contact_id}/clientreviews/email"): send_client_review,
    ("GET", "/contacts/{contact_id}/clientreviews/email"): client_review_content,
    ("POST", "/contacts/{contact_id}/paymentmethod/email"): send_payment_method_request,
    ("GET", "/contacts/{contact_id}/paymentmethod/email"): payment_method_request_content,
}
"""(method, path template) -> the hook that answers it."""
