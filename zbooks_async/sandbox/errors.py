"""The catalogue of Zoho error envelopes the sandbox answers with, in one place."""

from __future__ import annotations

from .envelope import ZohoError

RATE_LIMIT_MESSAGE = (
    "For security reasons your organization has been blocked as it have exceeded "
    "the maximum number of requests per minute."
)
IN_FLIGHT_MESSAGE = (
    "You have reached the maximum number of in process requests allowed. "
    "Kindly try again after some time."
)
NOT_AUTHORIZED_MESSAGE = "You are not authorized to perform this operation"
NO_TOKEN_MESSAGE = "Invalid value passed for authtoken"
CONTACT_MISSING_MESSAGE = "The Customer is not accessible."
NO_SUCH_ID_MESSAGE = "We couldnt find any resource for the given ID. Please verify the ID and try again."

# Zoho names a bad field by the label its web form shows, not by the API name.
FIELD_LABELS = {
    "payment_terms": "Payment Terms",
    "payment_terms_label": "Payment Terms Label",
    "contact_type": "Contact Type",
    "customer_sub_type": "Customer Type",
    "currency_id": "Currency",
    "credit_limit": "Credit Limit",
    "language_code": "Language",
    "website": "Website",
    "email": "Email Address",
    "billing_address": "Billing Address",
    "shipping_address": "Shipping Address",
    "notes": "Notes",
}


def daily_budget_message(budget: int) -> str:
    """Zoho's code 45 message, which names the organization's daily cap."""
    return (
        "The API call for this organization has exceeded the maximum call rate limit "
        f"of {budget:,}."
    )


def not_authorized() -> ZohoError:
    """HTTP 401 code 57: unknown or expired access token, or one without the operation's scope."""
    return ZohoError(401, 57, NOT_AUTHORIZED_MESSAGE)


def not_authenticated() -> ZohoError:
    """HTTP 401 code 14: the request carries no access token at all."""
    return ZohoError(401, 14, NO_TOKEN_MESSAGE)


def field_label(name: str) -> str:
    """The display label Zoho's messages use for an API field (``payment_terms`` -> "Payment Terms")."""
    return FIELD_LABELS.get(name) or name.replace("_", " ").title()


def invalid_value(name: str) -> ZohoError:
    """HTTP 400 code 2: a body field has a value Zoho refuses, named by its display label."""
    return ZohoError(400, 2, f"Invalid value passed for {field_label(name)}")


def rate_limited(headers: dict[str, str] | None = None) -> ZohoError:
    """HTTP 429 code 44: more than the allowed requests per rolling window."""
    return ZohoError(429, 44, RATE_LIMIT_MESSAGE, headers)


def daily_budget_exhausted(budget: int, headers: dict[str, str] | None = None) -> ZohoError:
    """HTTP 429 code 45: the organization's daily request budget is used up."""
    return ZohoError(429, 45, daily_budget_message(budget), headers)


def too_many_in_flight(headers: dict[str, str] | None = None) -> ZohoError:
    """HTTP 429 code 1070: too many concurrent requests for the organization."""
    return ZohoError(429, 1070, IN_FLIGHT_MESSAGE, headers)


def invalid_parameter(name: str, detail: str = "") -> ZohoError:
    """HTTP 400 code 2: a query parameter or header is missing or malformed."""
    suffix = f". {detail}" if detail else ""
    return ZohoError(400, 2, f"Invalid value passed for {name}{suffix}")


def invalid_field(name: str) -> ZohoError:
    """HTTP 400 code 4: a field of the JSON body is missing or malformed."""
    return ZohoError(400, 4, f"Invalid value passed for {name}")


def missing_body() -> ZohoError:
    """HTTP 400 code 11: a write request came without a JSON body."""
    return ZohoError(400, 11, "The parameter JSONString is mandatory.")


def contact_missing() -> ZohoError:
    """HTTP 404 code 1002: no contact of the organization has this id."""
    return ZohoError(404, 1002, CONTACT_MISSING_MESSAGE)


def no_such_id() -> ZohoError:
    """HTTP 404 code 5: the path names a record by something that is not one of its ids."""
    return ZohoError(404, 5, NO_SUCH_ID_MESSAGE)


def record_missing(label: str) -> ZohoError:
    """HTTP 404 code 1002: an item of a sub-resource (``label``, e.g. "Bank account") is unknown."""
    return ZohoError(404, 1002, f"{label} does not exist.")


def duplicate_contact(name: str, contact_type: str) -> ZohoError:
    """HTTP 400 code 3062: another contact of the organization already has this name."""
    kind = "vendor" if contact_type == "vendor" else "customer"
    return ZohoError(
        400, 3062, f'The {kind} "{name}" already exists. Please specify a different name.'
    )


def unknown_url() -> ZohoError:
    """HTTP 404 code 5: no API route has this path."""
    return ZohoError(404, 5, "Invalid URL Passed")


def method_not_allowed(method: str) -> ZohoError:
    """HTTP 405 code 37: the path exists but not with this HTTP method."""
    return ZohoError(
        405, 37, f"The HTTP method {method} is not allowed for the requested resource"
    )


def internal_error() -> ZohoError:
    """HTTP 500 code 1000: Zoho's generic server failure."""
    return ZohoError(500, 1000, "Internal error")
