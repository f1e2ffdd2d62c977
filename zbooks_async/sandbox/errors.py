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
CONTACT_MISSING_MESSAGE = "Contact does not exist."


def daily_budget_message(budget: int) -> str:
    """Zoho's code 45 message, which names the organization's daily cap."""
    return (
        "The API call for this organization has exceeded the maximum call rate limit "
        f"of {budget}."
    )


def not_authorized() -> ZohoError:
    """HTTP 401 code 57: missing, unknown or expired access token."""
    return ZohoError(401, 57, NOT_AUTHORIZED_MESSAGE)


def rate_limited(headers: dict[str, str] | None = None) -> ZohoError:
    """HTTP 429 code 44: more than the allowed requests per rolling window."""
    return ZohoError(429, 44, RATE_LIMIT_MESSAGE, headers)


def daily_budget_exhausted(budget: int) -> ZohoError:
    """HTTP 429 code 45: the organization's daily request budget is used up."""
    return ZohoError(429, 45, daily_budget_message(budget))


def too_many_in_flight() -> ZohoError:
    """HTTP 429 code 1070: too many concurrent requests for the organization."""
    return ZohoError(429, 1070, IN_FLIGHT_MESSAGE)


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
    """HTTP 404 code 1002: the contact id is unknown (or not an id at all)."""
    return ZohoError(404, 1002, CONTACT_MISSING_MESSAGE)


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
