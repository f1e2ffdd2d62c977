"""``GET /contacts``: query parsing, filtering, stable sorting and pagination."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._generated.operations.contacts import LIST as CONTACTS_LIST
from . import errors
from .contacts import primary_person
from .state import JSONObject, Organization

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 200

TEXT_FIELDS = (
    "contact_name",
    "company_name",
    "first_name",
    "last_name",
    "address",
    "email",
    "phone",
)
EXACT_FIELDS = ("zcrm_contact_id", "zcrm_account_id", "zcrm_vendor_id")
# The columns Zoho's document allows, read from the operation's data (codegen) like the SDK's.
SORT_COLUMNS: tuple[str, ...] = tuple(CONTACTS_LIST.inputs["sort_column"][2][1])
ADDRESS_TEXT_FIELDS = ("attention", "address", "street2", "city", "state", "zip", "country")


def _all(record: JSONObject) -> bool:
    return True


def _is_portal(record: JSONObject) -> bool:
    return record.get("portal_status") == "enabled"


def _over_credit_limit(record: JSONObject) -> bool:
    limit = _number(record.get("credit_limit"))
    return limit > 0 and _number(record.get("outstanding_receivable_amount")) > limit


def _has_outstanding(record: JSONObject) -> bool:
    return _number(record.get("outstanding_receivable_amount")) > 0


STATUS_FILTERS: dict[str, Callable[[JSONObject], bool]] = {
    "Status.All": _all,
    "Status.Active": lambda r: r.get("status") == "active",
    "Status.Inactive": lambda r: r.get("status") == "inactive",
    # Names are unique per organization here, so no contact is ever a duplicate.
    "Status.Duplicate": lambda r: False,
    "Status.PortalEnabled": _is_portal,
    "Status.PortalDisabled": lambda r: not _is_portal(r),
    "Status.CreditLimitExceed": _over_credit_limit,
    "Status.Crm": lambda r: bool(r.get("is_linked_with_zohocrm")),
    "Invoice.OverDue": _has_outstanding,
    "Invoice.Unpaid": _has_outstanding,
}


@attrs.frozen
class ContactQuery:
    """A parsed ``GET /contacts`` query. Everything but the page is the cache key."""

    text_filters: tuple[tuple[str, str, str], ...] = ()
    exact_filters: tuple[tuple[str, str], ...] = ()
    contact_type: str | None = None
    filter_by: str = "Status.All"
    search_text: str | None = None
    sort_column: str = "contact_name"
    sort_order: str = "A"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    response_option: int = 0

    def view_key(self) -> tuple[Any, ...]:
        """The part of the query that decides which contacts match and in what order."""
        return (
            "contacts",
            self.text_filters,
            self.exact_filters,
            self.contact_type,
            self.filter_by,
            self.search_text,
            self.sort_column,
            self.sort_order,
        )


def parse_query(query: Mapping[str, str]) -> ContactQuery:
    """Validate the query string of ``GET /contacts``; raise code 2 for a bad value."""
    text_filters: list[tuple[str, str, str]] = []
    for field in TEXT_FIELDS:
        for suffix in ("", "_startswith", "_contains"):
            value = query.get(field + suffix)
            if value is not None and value != "":
                if len(value) > 100:
                    raise errors.invalid_parameter(field + suffix, "Max-length is 100.")
                text_filters.append((field, suffix.lstrip("_") or "equals", value.casefold()))
    exact = tuple((f, query[f]) for f in EXACT_FIELDS if query.get(f))
    contact_type = query.get("contact_type") or None
    if contact_type is not None and contact_type not in ("customer", "vendor"):
        raise errors.invalid_parameter("contact_type", "Use customer or vendor.")
    filter_by = query.get("filter_by") or "Status.All"
    if filter_by not in STATUS_FILTERS:
        raise errors.invalid_parameter("filter_by", f"Use one of {', '.join(STATUS_FILTERS)}.")
    sort_column = query.get("sort_column") or "contact_name"
    if sort_column not in SORT_COLUMNS:
        raise errors.invalid_parameter("sort_column", f"Use one of {', '.join(SORT_COLUMNS)}.")
    sort_order = query.get("sort_order") or "A"
    if sort_order not in ("A", "D"):
        raise errors.invalid_parameter("sort_order", "Use A or D.")
    search_text = query.get("search_text") or None
    return ContactQuery(
        text_filters=tuple(text_filters),
        exact_filters=exact,
        contact_type=contact_type,
        filter_by=filter_by,
        search_text=search_text.casefold() if search_text else None,
        sort_column=sort_column,
        sort_order=sort_order,
        page=_positive_int(query, "page", 1, None),
        per_page=_positive_int(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        response_option=response_option(query),
    )


def response_option(query: Mapping[str, str]) -> int:
    """The ``response_option`` of a list query: 2 asks for ``total`` and ``total_pages``."""
    raw = query.get("response_option", "")
    if raw == "":
        return 0
    if raw not in ("0", "1", "2"):
        raise errors.invalid_parameter("response_option")
    return int(raw)


def list_page(org: Organization, query: ContactQuery) -> tuple[list[JSONObject], int]:
    """The stored contacts of the requested page, and how many contacts match in all."""
    ids = org.cached_view(query.view_key(), lambda: _matching_sorted_ids(org, query))
    start = (query.page - 1) * query.per_page
    chosen = ids[start : start + query.per_page]
    return [org.contacts[i] for i in chosen], len(ids)


def page_context(query: ContactQuery, total: int) -> JSONObject:
    """The ``page_context`` object of a contacts list answer (with totals on response_option=2)."""
    context: JSONObject = {
        "page": query.page,
        "per_page": query.per_page,
        "has_more_page": query.page * query.per_page < total,
        "report_name": "Contacts",
        "applied_filter": query.filter_by,
        "sort_column": query.sort_column,
        "sort_order": query.sort_order,
    }
    if query.response_option == 2:
        context["total"] = total
        context["total_pages"] = -(-total // query.per_page)
    return context


def _positive_int(query: Mapping[str, str], name: str, default: int, maximum: int | None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.invalid_parameter(name, "It must be a whole number.") from None
    if value < 1 or (maximum is not None and value > maximum):
        limit = f"between 1 and {maximum}" if maximum is not None else "at least 1"
        raise errors.invalid_parameter(name, f"It must be {limit}.")
    return value


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _field_text(record: JSONObject, person: JSONObject | None, field: str) -> list[str]:
    if field in ("contact_name", "company_name"):
        return [str(record.get(field) or "")]
    if field == "address":
        texts: list[str] = []
        for kind in ("billing_address", "shipping_address"):
            address = record.get(kind) or {}
            texts.extend(str(address.get(f) or "") for f in ADDRESS_TEXT_FIELDS)
        return texts
    if person is not None and person.get(field):
        return [str(person[field])]
    return [str(record.get(field) or "")]


def _text_matches(texts: list[str], op: str, needle: str) -> bool:
    for text in texts:
        folded = text.casefold()
        if op == "equals" and folded == needle:
            return True
        if op == "startswith" and folded.startswith(needle):
            return True
        if op == "contains" and needle in folded:
            return True
    return False


def _matches(record: JSONObject, query: ContactQuery) -> bool:
    if query.contact_type is not None and record.get("contact_type") != query.contact_type:
        return False
    if not STATUS_FILTERS[query.filter_by](record):
        return False
    for field, value in query.exact_filters:
        if str(record.get(field, "")) != value:
            return False
    person = primary_person(record) if (query.text_filters or query.search_text) else None
    for field, op, needle in query.text_filters:
        if not _text_matches(_field_text(record, person, field), op, needle):
            return False
    if query.search_text is not None:
        texts = [
            str(record.get("contact_name") or ""),
            str(record.get("company_name") or ""),
            str(record.get("contact_number") or ""),
            *_field_text(record, person, "email"),
            *_field_text(record, person, "phone"),
        ]
        if not _text_matches(texts, "contains", query.search_text):
            return False
    return True


def _sort_key(column: str) -> Callable[[JSONObject], tuple[Any, int]]:
    if column == "outstanding_receivable_amount":
        return lambda r: (_number(r.get(column)), int(r["contact_id"]))
    if column in ("contact_name", "created_time", "last_modified_time"):
        return lambda r: (str(r.get(column) or "").casefold(), int(r["contact_id"]))

    def person_key(record: JSONObject) -> tuple[Any, int]:
        person = primary_person(record) or {}
        value = person.get(column) or record.get(column) or ""
        return (str(value).casefold(), int(record["contact_id"]))

    return person_key


def _matching_sorted_ids(org: Organization, query: ContactQuery) -> list[str]:
    records = [r for r in org.contacts.values() if _matches(r, query)]
    # contact_id breaks ties so the order is total and pages never overlap or skip.
    records.sort(key=_sort_key(query.sort_column), reverse=query.sort_order == "D")
    return [r["contact_id"] for r in records]
